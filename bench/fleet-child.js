// Child of the fleet benchmark: N sandbox tenants, phase 2 dry-run, at a given concurrency, with
// the built tool (dist/, as the CLI ships it), in plain JavaScript so no TypeScript loader counts
// in its RSS. The sandboxes run in this process too (see docs/performance.md).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFleet } from '../dist/fleet/index.js';

const [tenants = '200', concurrency = '20', latencyMs = '40'] = process.argv.slice(2);
const stateDir = mkdtempSync(path.join(tmpdir(), 'sop-bench-fleet-'));
const hex = (i) => i.toString(16).padStart(12, '0');
const result = await runFleet({
  integration: 'proofpoint',
  phase: 2,
  tenants: Array.from({ length: Number(tenants) }, (_, i) => ({
    name: `bench-tenant-${i}`,
    tenantId: `0b1e7c00-0000-4000-8000-${hex(i)}`,
    sandbox: { mxTtl: 2 },
  })),
  tenantsFile: path.join(stateDir, 'tenants.yaml'),
  flags: { sandbox: true, stateDir, nonInteractive: true, output: 'json', color: false },
  dryRun: true,
  concurrency: Number(concurrency),
  sandboxLatencyMs: Number(latencyMs),
});
const outcomes = {};
for (const r of result.results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
console.log(
  JSON.stringify({ wallMs: result.durationMs, outcomes, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
