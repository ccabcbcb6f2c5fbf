// Fleet: 200 sandbox tenants, proofpoint phase 2 dry-run, concurrency 20, 40 ms latency:
// wall ÷ (200 ÷ 20 × one tenant's wall), and the fleet process's peak RSS (target ≤ 250 MB).
import { inChild } from './child-rss.ts';
import { median } from './measure.ts';

interface FleetChild {
  wallMs: number;
  outcomes: Record<string, number>;
}

export async function benchFleet(tenants = 200, concurrency = 20, latencyMs = 40) {
  const single: number[] = [];
  for (let i = 0; i < 3; i += 1)
    single.push((await inChild<FleetChild>('./fleet-child.js', ['1', '1', String(latencyMs)])).wallMs);
  const oneTenantMs = median(single);
  const fleet = await inChild<FleetChild>('./fleet-child.js', [
    String(tenants),
    String(concurrency),
    String(latencyMs),
  ]);
  const idealMs = (tenants / concurrency) * oneTenantMs;
  return {
    tenants,
    concurrency,
    oneTenantMs,
    wallMs: fleet.wallMs,
    ratio: fleet.wallMs / idealMs,
    maxRssMb: fleet.maxRssMb,
    outcomes: fleet.outcomes,
  };
}
