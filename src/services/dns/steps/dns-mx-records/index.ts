// `dns.mx-records`: point each domain's MX at the new hosts (Proofpoint), verified at every
// authoritative server. Refuses while resolvers may still cache the old MX: the TTL must have
// been lowered at least the old TTL ago (outputs of `dns.mx-ttl`). Undo restores records and TTL.
import { z } from 'zod';
import { writeCall } from '../../client/index.ts';
import { RefusedError } from '../../../../errors.ts';
import { defineStep, isUnknown, type StepContext } from '../../../../steps/contract.ts';
import { untilPropagated } from './propagation.ts';
import {
  checkMxEverywhere,
  Domains,
  formatMx,
  HostName,
  mxFromHosts,
  refuseAutomaticTtl,
  sameMx,
} from '../../client/zone-view.ts';

export const DnsMxRecordsParams = z.strictObject({
  domains: Domains,
  /** New MX hosts in order of preference (10, 20, ...). */
  hosts: z.array(HostName).min(1),
  ttl: z.int().min(1).max(86400).default(300),
  /** From `dns.mx-ttl`: when the TTL was lowered (ISO) and what it was (seconds). */
  ttlLoweredAt: z.string().min(1),
  oldTtl: z.union([z.int().min(0), z.string().min(1)]),
});
export type DnsMxRecordsParams = z.output<typeof DnsMxRecordsParams>;

const MxSet = z.object({
  /** Seconds resolvers cache the set. */
  ttl: z.int(),
  /** The provider's own TTL value when not plain seconds (Cloudflare 1 = automatic): undo writes it. */
  ttlSetting: z.int().optional(),
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
          ...(d.before.ttlSetting === undefined ? {} : { ttlSetting: d.before.ttlSetting }),
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
  // oldMxCachedUntil: until when a resolver may still hand senders the MX this step replaced (the
  // change time plus that set's TTL). Settings that refuse mail not coming through the new MX
  // (the inbound connector's lock-down) wait for it.
  outputs: ['mx', 'changedAt', 'oldMxCachedUntil'],
  mutating: true,
  async plan(ctx, params) {
    const { wanted, domains, provider, observed } = await observe(ctx, params);
    refuseAutomaticTtl(provider.kind, params.ttl, ctx.stepId);
    const todo = domains.filter((d) => !d.done);
    const mx = formatMx(wanted);
    if (todo.length === 0)
      return {
        action: 'noop',
        summary: `MX of ${params.domains.join(', ')} is ${mx}`,
        changes: [],
        calls: [],
        // Already pointing there when planned: when it changed is not known to this run. A run
        // that made the change and stopped is resumed from its journal, which has the real time.
        knownOutputs: { mx, changedAt: '', oldMxCachedUntil: ctx.now().toISOString() },
        observed,
      };
    // Planning happens before the wait runs, so the plan only says when the change becomes safe;
    // apply refuses if that moment has not come.
    // The TTL is not part of the reviewed change: the dns.mx-ttl step before this one lowers it
    // between planning and applying, which must not read as drift.
    const changes = todo.map((d) => ({
      path: `${d.domain} MX`,
      before: formatMx(d.before.records),
      after: mx,
    }));
    const details = [
      `applied only once the old MX TTL has expired${safeAfterText(params)}; verified at every authoritative server`,
      ...todo.map(
        (d) => `${d.domain}: MX TTL now ${d.before.ttl ?? '-'} s, ${params.ttl} s after the cutover`,
      ),
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
    let cachedSeconds = 0;
    for (const d of domains) {
      const was = before[d.domain] ?? observed.before[d.domain];
      if (was && !(sameMx(was.records, wanted) && was.ttl === params.ttl)) previous[d.domain] = was;
      if (was && !sameMx(was.records, wanted)) cachedSeconds = Math.max(cachedSeconds, was.ttl);
      if (!d.done && provider.writable) await provider.setMx(d.domain, '@', wanted, params.ttl);
    }
    // The change is complete now, not when a first attempt began: an attempt that crashed between
    // two writes (Cloudflare adds, then deletes) left the old MX served until this one finished.
    // Later is the safe side for the cache horizon that the connector's lock-down waits for.
    const changedAt = ctx.now();
    const newTtl = (await provider.getMx(params.domains[0] ?? '', '@')).ttl ?? params.ttl;
    return {
      outputs: {
        mx: formatMx(wanted),
        changedAt: changedAt.toISOString(),
        oldMxCachedUntil: new Date(changedAt.getTime() + cachedSeconds * 1000).toISOString(),
      },
      // replacedTtl: how long resolvers may hold the new MX once undo has put the old one back.
      undo: Object.keys(previous).length ? { previous, replacedTtl: newTtl } : null,
    };
  },
  async verify(ctx, params) {
    const wanted = mxFromHosts(params.hosts);
    return untilPropagated(ctx, async () => {
      const lines: string[] = [];
      let ok = true;
      for (const domain of params.domains) {
        const check = await checkMxEverywhere(ctx, domain, wanted, params.ttl);
        ok &&= check.ok;
        lines.push(...check.lines);
      }
      return { ok, checks: lines };
    });
  },
  async undo(ctx, record) {
    const { provider } = await ctx.services.dns();
    const previous = (record.previous ?? {}) as Record<string, MxSet>;
    for (const [domain, before] of Object.entries(previous)) {
      if (provider.writable)
        await provider.setMx(domain, '@', before.records, before.ttlSetting ?? before.ttl);
      else
        ctx.log.warn(
          `revert by hand: set the MX of ${domain} back to ${formatMx(before.records)} with TTL ${before.ttl}`,
        );
      const check = await checkMxEverywhere(ctx, domain, before.records, before.ttl);
      for (const line of check.lines) ctx.log.info(`after undo: ${line}`);
    }
    // Senders' resolvers may hold the MX this run set for its TTL. The steps undone after this
    // one (Proofpoint's domains, the inbound connector) must keep accepting that mail until then.
    const replacedTtl = typeof record.replacedTtl === 'number' ? record.replacedTtl : 0;
    if (Object.keys(previous).length > 0 && replacedTtl > 0) {
      ctx.log.info(
        `resolvers may send mail to the replaced MX for ${replacedTtl} s more; waiting before undoing the steps that accept it`,
      );
      // Counted in sleeps, not against the clock: an undo interrupted here waits in full again.
      const tick = 5_000;
      for (let left = replacedTtl * 1000; left > 0; left -= tick) {
        ctx.log.progress(`${Math.ceil(left / 1000)} s left until cached MX answers expire`);
        await ctx.sleep(Math.min(left, tick));
        ctx.signal.throwIfAborted();
      }
    }
  },
});
