// `proofpoint.domains`: the domains Proofpoint accepts mail for, each with the destination it
// relays their inbound mail to (the tenant's Exchange Online MX host, see ./destination.ts).
// Essentials customers: through the Essentials API; undo removes only the domains this step
// added and puts back a destination it changed. PoD customers (config `proofpoint.product: pod`)
// have no API for it: the step becomes a portal instruction for the operator ("Add Domain to the
// Proofpoint Inbound Mail Table"), with the same destinations.
import { z } from 'zod';
import { defineStep, type ApplyResult, type Change, type StepContext } from '../../../../steps/contract.ts';
import { Domains, HostName } from '../../../dns/client/zone-view.ts';
import { assertAccepted, destinationFor, type Destination } from './destination.ts';

/** The plan's observation: what Essentials had for the wanted domains before this run. */
const Observed = z.object({
  present: z.array(z.string()),
  destinations: z.record(z.string(), z.string().nullable()).optional(),
});

const Undo = z.object({
  added: z.array(z.string()).optional(),
  changed: z.array(z.object({ name: z.string(), destination: z.string() })).optional(),
  instructions: z.string().optional(),
});

export const ProofpointDomainsParams = z.strictObject({
  domains: Domains,
  /** Where Proofpoint delivers inbound mail for every domain, e.g.
   *  contoso-com.mail.protection.outlook.com. Default: per domain, from live state
   *  (./destination.ts). */
  destination: HostName.optional(),
});
export type ProofpointDomainsParams = z.output<typeof ProofpointDomainsParams>;

interface DomainState {
  name: string;
  present: boolean;
  current: string | null;
  wanted: Destination;
}

async function survey(ctx: StepContext, params: ProofpointDomainsParams): Promise<DomainState[]> {
  await assertAccepted(ctx, params.domains);
  const essentials = (await ctx.services.proofpoint()).essentials;
  const listed = essentials ? await essentials.listDomains() : [];
  const byName = new Map(listed.map((d) => [d.name.toLowerCase(), d]));
  const states: DomainState[] = [];
  for (const name of params.domains) {
    const found = byName.get(name);
    const current = found?.destination?.toLowerCase() ?? null;
    states.push({
      name,
      present: found !== undefined,
      current,
      wanted: await destinationFor(ctx, name, params.destination, current),
    });
  }
  return states;
}

const line = (s: DomainState) => `${s.name} -> ${s.wanted.host} (${s.wanted.source})`;

export const proofpointDomainsStep = defineStep<ProofpointDomainsParams>({
  type: 'proofpoint.domains',
  description:
    'Ensure Proofpoint accepts mail for the domains and relays it to Exchange Online (Essentials API, or a PoD portal step).',
  params: ProofpointDomainsParams,
  outputs: ['domains', 'destinations'],
  mutating: true,
  // Get-AcceptedDomain proves each domain is the tenant's before Proofpoint relays to it.
  requires: { exchange: ['Exchange.ManageAsApp'], roles: ['Exchange Administrator'] },
  async plan(ctx, params) {
    const pp = await ctx.services.proofpoint();
    const states = await survey(ctx, params);
    const destinations = Object.fromEntries(states.map((s) => [s.name, s.wanted.host]));
    if (!pp.essentials) {
      return {
        action: 'manual',
        summary: `add ${params.domains.join(', ')} in the Proofpoint portal`,
        changes: states.map((s) => ({
          path: `proofpoint domain ${s.name}`,
          before: 'unknown (no API)',
          after: `present, destination ${s.wanted.host}`,
        })),
        calls: [],
        details: [
          'Proofpoint on Demand admin portal: Email Protection > Email Firewall > Inbound Mail Table (Add Domain):',
          ...states.map((s) => `  ${line(s)}`),
          'Then enable recipient verification for each domain.',
        ],
        knownOutputs: { domains: params.domains, destinations },
      };
    }
    const org = pp.essentials.orgDomain;
    const observed = {
      present: states.filter((s) => s.present).map((s) => s.name),
      destinations: Object.fromEntries(states.filter((s) => s.present).map((s) => [s.name, s.current])),
    };
    const missing = states.filter((s) => !s.present);
    const moved = states.filter((s) => s.present && s.current !== s.wanted.host);
    const details = states.map((s) => `destination ${line(s)}`);
    if (missing.length === 0 && moved.length === 0)
      return {
        action: 'noop',
        summary: `Proofpoint has ${params.domains.join(', ')} with their destinations`,
        changes: [],
        calls: [],
        details,
        knownOutputs: { domains: params.domains, destinations },
        observed,
      };
    const changes: Change[] = [
      ...missing.map((s) => ({
        path: `proofpoint domain ${s.name}`,
        before: null,
        after: `present, destination ${s.wanted.host}`,
      })),
      ...moved.map((s) => ({
        path: `proofpoint domain ${s.name} destination`,
        before: s.current,
        after: s.wanted.host,
      })),
    ];
    return {
      action: missing.length > 0 ? 'create' : 'update',
      summary: [
        missing.length ? `add ${missing.map((s) => s.name).join(', ')}` : '',
        moved.length ? `relay ${moved.map((s) => s.name).join(', ')} to Exchange Online` : '',
      ]
        .filter(Boolean)
        .join('; ')
        .concat(` (Proofpoint Essentials org ${org})`),
      changes,
      calls: [
        ...missing.map((s) => ({
          service: 'proofpoint',
          method: 'POST',
          target: `/orgs/${org}/domains {name: ${s.name}, destination: ${s.wanted.host}}`,
        })),
        ...moved.map((s) => ({
          service: 'proofpoint',
          method: 'PUT',
          target: `/orgs/${org}/domains/${s.name} {destination: ${s.wanted.host}}`,
        })),
      ],
      details,
      observed,
    };
  },
  async apply(ctx, params, plan): Promise<ApplyResult> {
    const pp = await ctx.services.proofpoint();
    const states = await survey(ctx, params);
    const outputs = {
      domains: params.domains,
      destinations: Object.fromEntries(states.map((s) => [s.name, s.wanted.host])),
    };
    if (!pp.essentials) {
      const instructions = `In the Proofpoint portal, remove ${params.domains.join(', ')} from the Inbound Mail Table if they were added for this change.`;
      return { outputs, undo: { instructions } };
    }
    for (const s of states) {
      if (!s.present) await pp.essentials.createDomain(s.name, s.wanted.host);
      else if (s.current !== s.wanted.host) await pp.essentials.setDestination(s.name, s.wanted.host);
    }
    // Undo restores what the run first planned against: after a crash, a domain the interrupted
    // attempt added (or re-pointed) differs now but is still this run's to take back.
    const seen = Observed.safeParse(plan.observed);
    const before = seen.success
      ? { present: new Set(seen.data.present), destinations: seen.data.destinations ?? {} }
      : {
          present: new Set(states.filter((s) => s.present).map((s) => s.name)),
          destinations: Object.fromEntries(states.map((s) => [s.name, s.current])),
        };
    const added = params.domains.filter((d) => !before.present.has(d));
    const changed = states.flatMap((s) => {
      const previous = before.destinations[s.name];
      return before.present.has(s.name) && previous && previous !== s.wanted.host
        ? [{ name: s.name, destination: previous }]
        : [];
    });
    const undo = { ...(added.length ? { added } : {}), ...(changed.length ? { changed } : {}) };
    return { outputs, undo: added.length || changed.length ? undo : null };
  },
  async verify(ctx, params, outputs) {
    const pp = await ctx.services.proofpoint();
    if (!pp.essentials)
      return {
        ok: true,
        checks: [
          'confirmed by the operator; PoD has no API to read the inbound mail table (phase 3 tests mail flow)',
        ],
      };
    const wanted = (outputs.destinations ?? {}) as Record<string, string>;
    const listed = new Map((await pp.essentials.listDomains()).map((d) => [d.name.toLowerCase(), d]));
    const checks = params.domains.map((d) => {
      const found = listed.get(d);
      if (!found) return `MISSING: ${d} in Essentials org ${pp.essentials?.orgDomain}`;
      const want = wanted[d];
      const at = found.destination?.toLowerCase() ?? null;
      return want === undefined || at === want
        ? `ok: ${d} in Essentials org ${pp.essentials?.orgDomain}, relayed to ${at ?? '(no destination)'}`
        : `WRONG: ${d} is relayed to ${at ?? '(no destination)'}, not ${want}`;
    });
    return { ok: checks.every((c) => c.startsWith('ok')), checks };
  },
  async undo(ctx, record) {
    const parsed = Undo.parse(record);
    if (parsed.instructions) {
      ctx.log.warn(`revert by hand: ${parsed.instructions}`);
      return;
    }
    const essentials = (await ctx.services.proofpoint()).essentials;
    if (!essentials) return;
    const existing = new Set((await essentials.listDomains()).map((d) => d.name.toLowerCase()));
    for (const domain of parsed.added ?? []) if (existing.has(domain)) await essentials.deleteDomain(domain);
    for (const { name, destination } of parsed.changed ?? [])
      if (existing.has(name)) await essentials.setDestination(name, destination);
  },
});
