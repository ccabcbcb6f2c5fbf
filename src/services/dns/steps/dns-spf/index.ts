// `dns.spf`: add the mechanism Proofpoint requires (e.g. `a:dispatch-us.ppe-hosted.com` for
// Essentials US, `include:spf-<id>.pphosted.com` for PoD) to each domain's one SPF record, before
// its `all` term. Where the provider has no API the exact record is shown for an operator.
// Undo restores the previous TXT value.
import { z } from 'zod';
import { writeCall } from '../../client/index.ts';
import { InputError } from '../../../../errors.ts';
import { defineStep, type StepContext } from '../../../../steps/contract.ts';
import { untilPropagated } from '../dns-mx-records/propagation.ts';
import { Domains } from '../../client/zone-view.ts';

export const DnsSpfParams = z.strictObject({
  domains: Domains,
  mechanism: z
    .string()
    .regex(
      /^(include|a|ip4|ip6):\S+$/,
      'an SPF mechanism like include:spf-001ae601.pphosted.com or a:dispatch-us.ppe-hosted.com',
    ),
  /** Used when a domain has no SPF record yet: keep Microsoft 365 authorised too. */
  baseRecord: z.string().startsWith('v=spf1 ').default('v=spf1 include:spf.protection.outlook.com -all'),
  ttl: z.int().min(30).max(86400).default(3600),
});
export type DnsSpfParams = z.output<typeof DnsSpfParams>;

/** The plan's observation: each domain's SPF record (null: none) and TXT TTL before this run. */
const Observed = z.object({
  before: z.record(z.string(), z.object({ value: z.string().nullable(), ttl: z.int() })),
});

export function withMechanism(record: string, mechanism: string): string {
  const terms = record.trim().split(/\s+/);
  if (terms.includes(mechanism)) return terms.join(' ');
  const allAt = terms.findIndex((t) => /^[+\-~?]?all$/.test(t));
  if (allAt === -1) return [...terms, mechanism].join(' ');
  return [...terms.slice(0, allAt), mechanism, ...terms.slice(allAt)].join(' ');
}

/** Mechanisms that cost a DNS lookup (RFC 7208 §4.6.4 allows 10). */
export function lookupCount(record: string): number {
  return record
    .split(/\s+/)
    .filter((t) => /^[+\-~?]?(include:|a\b|a:|mx\b|mx:|ptr|exists:|redirect=)/.test(t)).length;
}

async function observe(ctx: StepContext, params: DnsSpfParams) {
  const { provider } = await ctx.services.dns();
  const out = [];
  for (const domain of params.domains) {
    const txt = await provider.getTxt(domain, '@');
    const spf = txt.values.filter((v) => v.toLowerCase().startsWith('v=spf1'));
    if (spf.length > 1)
      throw new InputError(`${domain} has ${spf.length} SPF records; receivers ignore all of them`, [], {
        hint: 'Merge them into one v=spf1 record first.',
      });
    const before = spf[0];
    const after = withMechanism(before ?? params.baseRecord, params.mechanism);
    // ttl: seconds receivers cache the record; write: the provider's own value to write back.
    out.push({
      domain,
      before,
      after,
      ttl: txt.ttl ?? params.ttl,
      write: txt.ttlSetting ?? txt.ttl ?? params.ttl,
    });
  }
  const observed = {
    before: Object.fromEntries(out.map((d) => [d.domain, { value: d.before ?? null, ttl: d.ttl }])),
  };
  return { provider, domains: out, observed };
}

export const dnsSpfStep = defineStep<DnsSpfParams>({
  type: 'dns.spf',
  description:
    "Add Proofpoint's SPF mechanism to each domain's SPF record; verified at the authoritative servers.",
  params: DnsSpfParams,
  // oldSpfCachedUntil: until when receivers' resolvers may still hold the SPF record this step
  // replaced (change time plus its TTL). Mail must not leave through Proofpoint before then, or
  // receivers checking the old record fail SPF: the routing rule waits for it.
  outputs: ['records', 'oldSpfCachedUntil'],
  mutating: true,
  async plan(ctx, params) {
    const { provider, domains, observed } = await observe(ctx, params);
    const todo = domains.filter((d) => d.before !== d.after);
    const details = domains.map(
      (d) => `${d.domain} SPF: ${d.after} (${lookupCount(d.after)} of 10 DNS lookups)`,
    );
    const records = Object.fromEntries(domains.map((d) => [d.domain, d.after]));
    if (todo.length === 0)
      return {
        action: 'noop',
        summary: `SPF already includes ${params.mechanism}`,
        changes: [],
        calls: [],
        details,
        knownOutputs: { records, oldSpfCachedUntil: ctx.now().toISOString() },
        observed,
      };
    const changes = todo.map((d) => ({
      path: `${d.domain} TXT (SPF)`,
      before: d.before ?? null,
      after: d.after,
    }));
    for (const d of todo)
      if (lookupCount(d.after) > 10)
        details.push(`WARNING: ${d.domain} SPF needs more than 10 DNS lookups; receivers will fail it`);
    if (!provider.writable) {
      details.push(
        ...todo.map(
          (d) =>
            `At your DNS host, set the TXT record of ${d.domain} to: "${d.after}"${d.before ? ` (replacing "${d.before}")` : ''}`,
        ),
      );
      return {
        action: 'manual',
        summary: `update SPF of ${todo.map((d) => d.domain).join(', ')} by hand`,
        changes,
        calls: [],
        details,
        observed,
      };
    }
    return {
      action: todo.some((d) => d.before) ? 'update' : 'create',
      summary: `add ${params.mechanism} to the SPF of ${todo.map((d) => d.domain).join(', ')}`,
      changes,
      calls: todo.map((d) => ({
        service: 'dns',
        method: writeCall(provider.kind, d.before ? 'updateTxt' : 'createTxt'),
        target: `${d.domain} TXT`,
      })),
      details,
      observed,
    };
  },
  async apply(ctx, params, plan) {
    const { provider, domains, observed } = await observe(ctx, params);
    // Undo restores the record the run first planned against: after a crash the record an
    // interrupted attempt wrote is live now, and must not be taken for the before-state.
    const seen = Observed.safeParse(plan.observed);
    const before = seen.success ? seen.data.before : observed.before;
    const previous: Record<string, { value: string | null; next: string; ttl: number; seconds: number }> = {};
    for (const d of domains) {
      if (d.before !== d.after && provider.writable)
        await provider.replaceTxt(d.domain, '@', d.before, d.after, d.write);
      const was = before[d.domain] ?? { value: d.before ?? null, ttl: d.ttl };
      if (was.value !== d.after)
        previous[d.domain] = { value: was.value, next: d.after, ttl: d.write, seconds: was.ttl };
    }
    const records = Object.fromEntries(domains.map((d) => [d.domain, d.after]));
    // Complete now (see dns.mx-records): the later time is the safe side for the cache horizon.
    const changedAt = ctx.now();
    const cachedSeconds = Math.max(
      0,
      ...Object.values(previous).map((p) => (p.value === null ? 0 : p.seconds)),
    );
    return {
      outputs: {
        records,
        oldSpfCachedUntil: new Date(changedAt.getTime() + cachedSeconds * 1000).toISOString(),
      },
      undo: Object.keys(previous).length ? { previous } : null,
    };
  },
  async verify(ctx, params, outputs) {
    const dns = await ctx.services.dns();
    const records = (outputs.records ?? {}) as Record<string, string>;
    return untilPropagated(ctx, async () => {
      const lines: string[] = [];
      for (const domain of params.domains) {
        const view = await dns.authoritative.query(domain, domain, 'TXT', ctx.signal);
        for (const a of view.answers) {
          const spf = a.records.flatMap((r) =>
            r.type === 'TXT' && r.text.startsWith('v=spf1') ? [r.text] : [],
          );
          const ok = spf.length === 1 && spf[0] === records[domain];
          lines.push(
            `${ok ? 'ok' : 'MISMATCH'}: ${domain} SPF at ${a.server.name}: ${spf.join(' | ') || '(none)'}`,
          );
        }
      }
      return { ok: lines.length > 0 && lines.every((l) => l.startsWith('ok')), checks: lines };
    });
  },
  async undo(ctx, record) {
    const { provider } = await ctx.services.dns();
    const previous = (record.previous ?? {}) as Record<
      string,
      { value: string | null; next: string; ttl: number }
    >;
    for (const [domain, p] of Object.entries(previous)) {
      if (provider.writable) await provider.replaceTxt(domain, '@', p.next, p.value ?? undefined, p.ttl);
      else
        ctx.log.warn(`revert by hand: set the SPF TXT of ${domain} back to ${p.value ?? '(no SPF record)'}`);
    }
  },
});
