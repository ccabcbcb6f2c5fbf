// `dns.mx-inventory`: read-only. The MX records of each domain as every authoritative server
// answers them, with TTL and SOA serial, and the earliest cutover the current TTL allows.
import { z } from 'zod';
import { defineStep, type JsonValue, type StepContext } from '../../../../steps/contract.ts';
import { Domains, mxAtEveryServer } from '../../client/zone-view.ts';

export const DnsMxInventoryParams = z.strictObject({
  domains: Domains,
  /** Hour (UTC) a cutover should start at, off business hours; default 22. */
  cutoverHourUtc: z.int().min(0).max(23).default(22),
});
export type DnsMxInventoryParams = z.output<typeof DnsMxInventoryParams>;

async function inventory(ctx: StepContext, params: DnsMxInventoryParams) {
  const domains: Record<string, JsonValue> = {};
  const details: string[] = [];
  let maxTtl = 0;
  for (const domain of params.domains) {
    const servers = await mxAtEveryServer(ctx, domain);
    const ttl = Math.max(0, ...servers.map((s) => s.ttl ?? 0));
    maxTtl = Math.max(maxTtl, ttl);
    const consistent = new Set(servers.map((s) => s.mx.join(','))).size === 1;
    domains[domain] = { ttl, consistent, servers: servers as unknown as JsonValue };
    for (const s of servers)
      details.push(
        `${domain} MX at ${s.server} (serial ${s.serial ?? '?'}): ${s.mx.join(', ') || '(none)'}, TTL ${s.ttl ?? '-'} s`,
      );
    if (!consistent)
      details.push(`${domain}: the authoritative servers disagree; fix that before any cutover`);
  }
  // Lower the TTL now, wait the old TTL, then cut over at the next off-hours slot.
  const earliest = new Date(ctx.now().getTime() + maxTtl * 1000);
  const proposed = new Date(earliest);
  proposed.setUTCHours(params.cutoverHourUtc, 0, 0, 0);
  if (proposed < earliest) proposed.setUTCDate(proposed.getUTCDate() + 1);
  details.push(
    `earliest cutover ${earliest.toISOString()} (old TTL ${maxTtl} s after lowering); proposed ${proposed.toISOString()}`,
  );
  return {
    outputs: {
      domains,
      maxTtl,
      earliestCutover: earliest.toISOString(),
      proposedCutover: proposed.toISOString(),
    },
    details,
  };
}

export const dnsMxInventoryStep = defineStep<DnsMxInventoryParams>({
  type: 'dns.mx-inventory',
  description:
    'Read the MX records, TTL and SOA serial at every authoritative server; propose a cutover time.',
  params: DnsMxInventoryParams,
  outputs: ['domains', 'maxTtl', 'earliestCutover', 'proposedCutover'],
  mutating: false,
  async plan(ctx, params) {
    const { outputs, details } = await inventory(ctx, params);
    return {
      action: 'noop',
      summary: `MX inventory of ${params.domains.join(', ')}`,
      changes: [],
      calls: [],
      details,
      knownOutputs: outputs,
    };
  },
  async apply(ctx, params) {
    return { outputs: (await inventory(ctx, params)).outputs, undo: null };
  },
  async verify(_ctx, params, outputs) {
    const domains = (outputs.domains ?? {}) as Record<string, { consistent?: boolean }>;
    const lines = params.domains.map((d) =>
      domains[d]?.consistent
        ? `${d}: every authoritative server gives the same MX set`
        : `${d}: authoritative servers disagree or did not answer`,
    );
    return { ok: lines.every((l) => !l.includes('disagree')), checks: lines };
  },
});
