// `dns.mx-ttl`: lower the MX TTL ahead of the cutover (default 300 s), so resolvers stop caching
// the old MX for long. Outputs the old TTL and when it was lowered: the following `wait` and
// `dns.mx-records` use them so MX is not changed while caches may still hold the old answer.
import { z } from 'zod';
import { writeCall } from '../../client/index.ts';
import { defineStep, type StepContext } from '../../../../steps/contract.ts';
import { untilPropagated } from '../dns-mx-records/propagation.ts';
import {
  checkMxEverywhere,
  Domains,
  HostName,
  mxFromHosts,
  refuseAutomaticTtl,
  sameMx,
} from '../../client/zone-view.ts';

export const DnsMxTtlParams = z.strictObject({
  domains: Domains,
  // The provider enforces its own floor (Cloudflare 60 s, 30 s on Enterprise); Route 53 and
  // Azure DNS accept single seconds, which rehearsals use to keep waits short.
  ttl: z.int().min(1).max(86400).default(300),
  /** The hosts the cutover will point MX at: once MX already points there, nothing needs waiting for. */
  cutoverHosts: z.array(HostName).min(1).optional(),
});
export type DnsMxTtlParams = z.output<typeof DnsMxTtlParams>;

interface Observed {
  domain: string;
  /** Seconds resolvers cache the MX (Cloudflare's "automatic" counts as its 300 s). */
  ttl: number | undefined;
  /** The provider's own TTL value, when it is not plain seconds: what undo writes back. */
  ttlSetting?: number | undefined;
  cutDone: boolean;
}

/** The plan's observation: each domain's MX TTL (null: no MX) before this run, and whether it was cut over. */
const PlanObserved = z.array(
  z.object({
    domain: z.string(),
    ttl: z.int().nullable(),
    ttlSetting: z.int().optional(),
    cutDone: z.boolean(),
  }),
);

function toPlanObserved(observed: Observed[]) {
  return observed.map((o) => ({
    domain: o.domain,
    ttl: o.ttl ?? null,
    ...(o.ttlSetting === undefined ? {} : { ttlSetting: o.ttlSetting }),
    cutDone: o.cutDone,
  }));
}

function needsLowering(o: Observed, target: number): boolean {
  return o.ttl !== undefined && o.ttl > target && !o.cutDone;
}

async function observe(ctx: StepContext, params: DnsMxTtlParams): Promise<Observed[]> {
  const { provider } = await ctx.services.dns();
  const out: Observed[] = [];
  for (const domain of params.domains) {
    const mx = await provider.getMx(domain, '@');
    const cutDone = params.cutoverHosts !== undefined && sameMx(mx.records, mxFromHosts(params.cutoverHosts));
    out.push({ domain, ttl: mx.ttl, ttlSetting: mx.ttlSetting, cutDone });
  }
  return out;
}

function outputsFor(observed: Observed[], loweredAt: Date, target: number) {
  const oldTtl = Math.max(0, ...observed.map((o) => o.ttl ?? 0));
  // Already cut over: no cache can hold an MX the cutover would change, so nothing to wait for.
  const allCut = observed.every((o) => o.cutDone);
  const waitSeconds = allCut ? 0 : oldTtl;
  return {
    oldTtl,
    ttl: target,
    loweredAt: loweredAt.toISOString(),
    safeAfter: new Date(loweredAt.getTime() + waitSeconds * 1000).toISOString(),
  };
}

export const dnsMxTtlStep = defineStep<DnsMxTtlParams>({
  type: 'dns.mx-ttl',
  description: 'Lower the MX TTL before a cutover; outputs the old TTL and when it was lowered.',
  params: DnsMxTtlParams,
  outputs: ['oldTtl', 'ttl', 'loweredAt', 'safeAfter'],
  mutating: true,
  async plan(ctx, params) {
    const observed = await observe(ctx, params);
    const { provider } = await ctx.services.dns();
    refuseAutomaticTtl(provider.kind, params.ttl, ctx.stepId);
    const lowering = observed.filter((o) => needsLowering(o, params.ttl));
    const details = observed.map((o) =>
      o.ttl === undefined
        ? `${o.domain}: no MX records`
        : lowering.includes(o)
          ? `${o.domain}: MX TTL ${o.ttl} -> ${params.ttl} s`
          : `${o.domain}: MX TTL ${o.ttl} s, nothing to lower${o.cutDone ? ' (already cut over)' : ''}`,
    );
    if (lowering.length === 0) {
      // When an earlier run lowered the TTL is unknown: count the current TTL from now.
      return {
        action: 'noop',
        summary: `MX TTL of ${params.domains.join(', ')} is at most ${params.ttl} s`,
        changes: [],
        calls: [],
        details,
        knownOutputs: outputsFor(observed, ctx.now(), params.ttl),
        observed: toPlanObserved(observed),
      };
    }
    const changes = lowering.map((o) => ({ path: `${o.domain} MX TTL`, before: o.ttl, after: params.ttl }));
    if (!provider.writable) {
      details.push(
        ...lowering.map(
          (o) =>
            `At your DNS host, set the TTL of every MX record of ${o.domain} to ${params.ttl} seconds (leave the records as they are).`,
        ),
      );
      return {
        action: 'manual',
        summary: `set the MX TTL of ${lowering.map((o) => o.domain).join(', ')} to ${params.ttl} s by hand`,
        changes,
        calls: [],
        details,
        observed: toPlanObserved(observed),
      };
    }
    return {
      action: 'update',
      summary: `lower the MX TTL of ${lowering.map((o) => o.domain).join(', ')} to ${params.ttl} s`,
      changes,
      calls: lowering.map((o) => ({
        service: 'dns',
        method: writeCall(provider.kind, 'setMxTtl'),
        target: `${o.domain} MX ttl=${params.ttl}`,
      })),
      details,
      observed: toPlanObserved(observed),
    };
  },
  async apply(ctx, params, plan) {
    const live = await observe(ctx, params);
    const { provider } = await ctx.services.dns();
    // A resumed run re-observes the TTL an interrupted attempt already lowered: the TTL before
    // the run, which undo restores and resolvers may still cache, is the one the plan saw.
    const seen = PlanObserved.safeParse(plan.observed);
    const firstSeen = new Map(
      (seen.success ? seen.data : []).map((o) => [o.domain, { ...o, ttl: o.ttl ?? undefined }]),
    );
    const before = live.map((o) => firstSeen.get(o.domain) ?? o);
    const lowered: Record<string, number> = {};
    for (const [index, o] of live.entries()) {
      const was = before[index] ?? o;
      if (needsLowering(o, params.ttl) && provider.writable)
        await provider.setMxTtl(o.domain, '@', params.ttl);
      if (needsLowering(was, params.ttl) && was.ttl !== undefined)
        lowered[o.domain] = was.ttlSetting ?? was.ttl;
    }
    // The journal's first attempt dates the lowering, so a resumed run does not wait from now.
    const loweredAt = ctx.firstAttemptAt ?? ctx.now();
    const outputs = outputsFor(before, loweredAt, params.ttl);
    return { outputs, undo: Object.keys(lowered).length ? { previousTtl: lowered } : null };
  },
  async verify(ctx, params) {
    const { provider } = await ctx.services.dns();
    return untilPropagated(ctx, async () => {
      const lines: string[] = [];
      let ok = true;
      for (const domain of params.domains) {
        const mx = await provider.getMx(domain, '@');
        const check = await checkMxEverywhere(ctx, domain, mx.records);
        const ttls = check.lines.map((l) => Number(/TTL (\d+)/.exec(l)?.[1] ?? NaN));
        const lowEnough = ttls.every((t) => Number.isNaN(t) || t <= params.ttl);
        ok &&= check.ok && lowEnough;
        lines.push(...check.lines.map((l) => `${l}${lowEnough ? '' : ` (wanted TTL <= ${params.ttl})`}`));
      }
      return { ok, checks: lines };
    });
  },
  async undo(ctx, record) {
    const { provider } = await ctx.services.dns();
    const previous = (record.previousTtl ?? {}) as Record<string, number>;
    for (const [domain, ttl] of Object.entries(previous)) {
      if (provider.writable) await provider.setMxTtl(domain, '@', ttl);
      else ctx.log.warn(`revert by hand: set the TTL of the MX records of ${domain} back to ${ttl} seconds`);
    }
  },
});
