// `dns.mx-records`: point each domain's MX at the new hosts (Proofpoint), verified at every
// authoritative server. Refuses while resolvers may still cache the old MX: the TTL must have
// been lowered at least the old TTL ago (outputs of `dns.mx-ttl`). Undo restores records and TTL.
import { z } from 'zod';
import { writeCall } from '../../adapters/dns/index.ts';
import { RefusedError } from '../../errors.ts';
import { defineStep, isUnknown, type StepContext } from '../contract.ts';
import { checkMxEverywhere, Domains, formatMx, HostName, mxFromHosts, sameMx } from './zone-view.ts';

export const DnsMxRecordsParams = z.strictObject({
  domains: Domains,
  /** New MX hosts in order of preference (10, 20, ...). */
  hosts: z.array(HostName).min(1),
  ttl: z.int().min(30).max(86400).default(300),
  /** From `dns.mx-ttl`: when the TTL was lowered (ISO) and what it was (seconds). */
  ttlLoweredAt: z.string().min(1),
  oldTtl: z.union([z.int().min(0), z.string().min(1)]),
});
export type DnsMxRecordsParams = z.output<typeof DnsMxRecordsParams>;

const MxSet = z.object({
  ttl: z.int(),
  records: z.array(z.object({ exchange: z.string(), preference: z.int() })),
});
type MxSet = z.infer<typeof MxSet>;
/** The plan's observation: each domain's MX before this run (what undo puts back). */
const Observed = z.object({ before: z.record(z.string(), MxSet) });

function secondsOf(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** The SOP's rule: never swap MX while a resolver may still hold the old answer at the old TTL. */
function refuseBeforeTtlExpired(ctx: StepContext, params: DnsMxRecordsParams): void {
  if (isUnknown(params.ttlLoweredAt) || isUnknown(params.oldTtl)) return; // checked again before apply
  const lowered = Date.parse(params.ttlLoweredAt);
  const oldTtl = secondsOf(params.oldTtl);
  if (Number.isNaN(lowered) || Number.isNaN(oldTtl)) {
    throw new RefusedError(
      'REFUSED_WINDOW',
      `step ${ctx.stepId}: ttlLoweredAt or oldTtl is not a time/number`,
      {
        hint: 'Pass ${steps.<mx-ttl step>.outputs.loweredAt} and ...outputs.oldTtl.',
      },
    );
  }
  const safeAt = lowered + oldTtl * 1000;
  const left = safeAt - ctx.now().getTime();
  if (left > 0) {
    throw new RefusedError(
      'REFUSED_WINDOW',
      `refusing to change MX: the MX TTL was lowered at ${new Date(lowered).toISOString()} from ${oldTtl} s, so resolvers may cache the old MX until ${new Date(safeAt).toISOString()} (${Math.ceil(left / 1000)} s from now)`,
      {
        hint: 'Wait until the old TTL has expired (a `wait` step until the dns.mx-ttl output safeAfter), then resume.',
      },
    );
  }
}

function safeAfterText(params: DnsMxRecordsParams): string {
  if (isUnknown(params.ttlLoweredAt) || isUnknown(params.oldTtl)) return '';
  const at = Date.parse(params.ttlLoweredAt) + secondsOf(params.oldTtl) * 1000;
  return Number.isNaN(at) ? '' : ` (after ${new Date(at).toISOString()})`;
}

async function observe(ctx: StepContext, params: DnsMxRecordsParams) {
  const { provider } = await ctx.services.dns();
  const wanted = mxFromHosts(params.hosts);
  const out = [];
  for (const domain of params.domains) {
    const mx = await provider.getMx(domain, '@');
    out.push({ domain, before: mx, done: sameMx(mx.records, wanted) && mx.ttl === params.ttl });
  }
  const observed: { before: Record<string, MxSet> } = {
    before: Object.fromEntries(
      out.map((d) => [
        d.domain,
        {
          ttl: d.before.ttl ?? params.ttl,
          records: d.before.records.map((r) => ({ exchange: r.exchange, preference: r.preference })),
        },
      ]),
    ),
  };
  return { wanted, domains: out, provider, observed };
}

export const dnsMxRecordsStep = defineStep<DnsMxRecordsParams>({
  type: 'dns.mx-records',
  description: 'Point MX at new hosts once the old TTL expired; verified at every authoritative server.',
  params: DnsMxRecordsParams,
  outputs: ['mx', 'changedAt'],
  mutating: true,
  async plan(ctx, params) {
    const { wanted, domains, provider, observed } = await observe(ctx, params);
    const todo = domains.filter((d) => !d.done);
    const mx = formatMx(wanted);
    if (todo.length === 0)
      return {
        action: 'noop',
        summary: `MX of ${params.domains.join(', ')} is ${mx}`,
        changes: [],
        calls: [],
        knownOutputs: { mx, changedAt: '' },
        observed,
      };
    // Planning happens before the wait runs, so the plan only says when the change becomes safe;
    // apply refuses if that moment has not come.
    const changes = todo.map((d) => ({
      path: `${d.domain} MX`,
      before: `${formatMx(d.before.records)} (TTL ${d.before.ttl ?? '-'})`,
      after: `${mx} (TTL ${params.ttl})`,
    }));
    const details = [
      `applied only once the old MX TTL has expired${safeAfterText(params)}; verified at every authoritative server`,
    ];
    if (!provider.writable) {
      for (const d of todo) {
        details.push(`At your DNS host, make the MX records of ${d.domain} exactly (TTL ${params.ttl}):`);
        details.push(
          ...wanted.map((r) => `  ${d.domain}. ${params.ttl} IN MX ${r.preference} ${r.exchange}.`),
        );
        details.push(`  and delete: ${formatMx(d.before.records)}`);
      }
      return {
        action: 'manual',
        summary: `change MX of ${todo.map((d) => d.domain).join(', ')} by hand`,
        changes,
        calls: [],
        details,
        observed,
      };
    }
    return {
      action: 'update',
      summary: `point MX of ${todo.map((d) => d.domain).join(', ')} at ${mx}`,
      changes,
      calls: todo.map((d) => ({
        service: 'dns',
        method: writeCall(provider.kind, 'setMx'),
        target: `${d.domain} MX ${mx}`,
      })),
      details,
      observed,
    };
  },
  async apply(ctx, params, plan) {
    const { wanted, domains, provider, observed } = await observe(ctx, params);
    refuseBeforeTtlExpired(ctx, params);
    // Undo restores the MX the run first planned against: after a crash the records an
    // interrupted attempt set are live now, and must not be taken for the before-state.
    const seen = Observed.safeParse(plan.observed);
    const before = seen.success ? seen.data.before : observed.before;
    const previous: Record<string, MxSet> = {};
    for (const d of domains) {
      const was = before[d.domain] ?? observed.before[d.domain];
      if (was && !(sameMx(was.records, wanted) && was.ttl === params.ttl)) previous[d.domain] = was;
      if (!d.done && provider.writable) await provider.setMx(d.domain, '@', wanted, params.ttl);
    }
    return {
      outputs: { mx: formatMx(wanted), changedAt: ctx.now().toISOString() },
      undo: Object.keys(previous).length ? { previous } : null,
    };
  },
  async verify(ctx, params) {
    const wanted = mxFromHosts(params.hosts);
    const lines: string[] = [];
    let ok = true;
    for (const domain of params.domains) {
      const check = await checkMxEverywhere(ctx, domain, wanted, params.ttl);
      ok &&= check.ok;
      lines.push(...check.lines);
    }
    return { ok, checks: lines };
  },
  async undo(ctx, record) {
    const { provider } = await ctx.services.dns();
    const previous = (record.previous ?? {}) as Record<string, MxSet>;
    for (const [domain, before] of Object.entries(previous)) {
      if (provider.writable) await provider.setMx(domain, '@', before.records, before.ttl);
      else
        ctx.log.warn(
          `revert by hand: set the MX of ${domain} back to ${formatMx(before.records)} with TTL ${before.ttl}`,
        );
      const check = await checkMxEverywhere(ctx, domain, before.records, before.ttl);
      for (const line of check.lines) ctx.log.info(`after undo: ${line}`);
    }
  },
});
