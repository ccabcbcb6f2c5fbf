// `proofpoint.domains`: the domains Proofpoint accepts mail for. Essentials customers: through
// the Essentials API (undo removes only the domains this step added). PoD customers (config
// `proofpoint.product: pod`) have no API for it: the step becomes a portal instruction for the
// operator ("Add Domain to the Proofpoint Inbound Mail Table").
import { z } from 'zod';
import { defineStep, type ApplyResult } from '../contract.ts';
import { Domains, HostName } from '../dns-mx-records/zone-view.ts';

/** The plan's observation: which of the wanted domains Proofpoint already had before this run. */
const Observed = z.object({ present: z.array(z.string()) });

export const ProofpointDomainsParams = z.strictObject({
  domains: Domains,
  /** Where Proofpoint delivers inbound mail (PoD instructions), e.g. contoso-com.mail.protection.outlook.com. */
  destination: HostName.optional(),
});
export type ProofpointDomainsParams = z.output<typeof ProofpointDomainsParams>;

export const proofpointDomainsStep = defineStep<ProofpointDomainsParams>({
  type: 'proofpoint.domains',
  description: 'Ensure Proofpoint accepts mail for the domains (Essentials API, or a PoD portal step).',
  params: ProofpointDomainsParams,
  outputs: ['domains'],
  mutating: true,
  async plan(ctx, params) {
    const pp = await ctx.services.proofpoint();
    if (!pp.essentials) {
      const details = [
        'Proofpoint on Demand admin portal: Email Protection > Email Firewall > Inbound Mail Table (Add Domain):',
        ...params.domains.map(
          (d) =>
            `  ${d} -> deliver to ${params.destination ?? `${d.replaceAll('.', '-')}.mail.protection.outlook.com`}`,
        ),
        'Then enable recipient verification for each domain.',
      ];
      return {
        action: 'manual',
        summary: `add ${params.domains.join(', ')} in the Proofpoint portal`,
        changes: params.domains.map((d) => ({
          path: `proofpoint domain ${d}`,
          before: 'unknown (no API)',
          after: 'present',
        })),
        calls: [],
        details,
      };
    }
    const existing = new Set((await pp.essentials.listDomains()).map((d) => d.name.toLowerCase()));
    const missing = params.domains.filter((d) => !existing.has(d));
    const observed = { present: params.domains.filter((d) => existing.has(d)) };
    if (missing.length === 0)
      return {
        action: 'noop',
        summary: `Proofpoint has ${params.domains.join(', ')}`,
        changes: [],
        calls: [],
        knownOutputs: { domains: params.domains },
        observed,
      };
    return {
      action: 'create',
      summary: `add ${missing.join(', ')} to Proofpoint Essentials org ${pp.essentials.orgDomain}`,
      changes: missing.map((d) => ({ path: `proofpoint domain ${d}`, before: null, after: 'present' })),
      calls: [
        {
          service: 'proofpoint',
          method: 'POST',
          target: `/orgs/${pp.essentials.orgDomain}/domains {${missing.join(', ')}}`,
        },
      ],
      observed,
    };
  },
  async apply(ctx, params, plan): Promise<ApplyResult> {
    const pp = await ctx.services.proofpoint();
    if (!pp.essentials) {
      const instructions = `In the Proofpoint portal, remove ${params.domains.join(', ')} from the Inbound Mail Table if they were added for this change.`;
      return { outputs: { domains: params.domains }, undo: { instructions } };
    }
    const existing = new Set((await pp.essentials.listDomains()).map((d) => d.name.toLowerCase()));
    const missing = params.domains.filter((d) => !existing.has(d));
    if (missing.length > 0) await pp.essentials.createDomains(missing);
    // Undo removes what was absent when the run first planned: after a crash, a domain the
    // interrupted attempt added is present now but still this run's to remove.
    const seen = Observed.safeParse(plan.observed);
    const hadBefore = seen.success ? new Set(seen.data.present) : existing;
    const added = params.domains.filter((d) => !hadBefore.has(d));
    return { outputs: { domains: params.domains }, undo: added.length ? { added } : null };
  },
  async verify(ctx, params) {
    const pp = await ctx.services.proofpoint();
    if (!pp.essentials)
      return {
        ok: true,
        checks: [
          'confirmed by the operator; PoD has no API to read the inbound mail table (phase 3 tests mail flow)',
        ],
      };
    const existing = new Set((await pp.essentials.listDomains()).map((d) => d.name.toLowerCase()));
    const checks = params.domains.map(
      (d) => `${existing.has(d) ? 'ok' : 'MISSING'}: ${d} in Essentials org ${pp.essentials?.orgDomain}`,
    );
    return { ok: checks.every((c) => c.startsWith('ok')), checks };
  },
  async undo(ctx, record) {
    const pp = await ctx.services.proofpoint();
    if (typeof record.instructions === 'string') {
      ctx.log.warn(`revert by hand: ${record.instructions}`);
      return;
    }
    const existing = new Set(
      pp.essentials ? (await pp.essentials.listDomains()).map((d) => d.name.toLowerCase()) : [],
    );
    for (const domain of (record.added ?? []) as string[])
      if (existing.has(domain)) await pp.essentials?.deleteDomain(domain);
  },
});
