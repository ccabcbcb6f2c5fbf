// Fleets through the built CLI against per-tenant sandboxes: 50 tenants dry-run and apply with
// one tenant throttled heavily, --max-errors, --shard, and bad input exiting 2.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { fleetTenants, writeTenantsFile } from './tenants-fixture.ts';

interface Row {
  type: string;
  tenant: string;
  outcome: string;
  changes: number;
  durationMs: number;
  startedAt?: string;
  runId?: string;
  exitCode: number;
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const rowsOf = (stdout: string): Row[] =>
  jsonLines(stdout).filter((e) => e.type === 'fleet.tenant') as unknown as Row[];

// Two 429 rules with Retry-After 2 s on this tenant's Graph calls: 5 pauses. The two app
// registrations plan concurrently, so two of them can overlap: at least 3 pauses end to end, 6 s.
const THROTTLE_MS = 6_000;
const heavyThrottle = [
  { service: 'graph', path: '/applications', kind: 'status', status: 429, retryAfterSeconds: 2, times: 3 },
  {
    service: 'graph',
    path: '/servicePrincipals',
    kind: 'status',
    status: 429,
    retryAfterSeconds: 2,
    times: 2,
  },
];

describe('sop-integrate --tenants (sandbox fleet)', () => {
  it('runs 50 tenants 8 at a time: dry-run, then apply with one tenant throttled while the others are unaffected', async () => {
    const cwd = tempDir('sop-fleet-');
    const stateDir = path.join(cwd, 'state');
    const tenants = fleetTenants(50).map((t) => ({ ...t, sandbox: { mxTtl: 2 } }));
    const plain = writeTenantsFile(cwd, tenants);
    const common = ['proofpoint', '--phase', '2', '--sandbox', '--state-dir', stateDir, '--concurrency', '8'];

    const dry = await runCli([...common, '--tenants', plain, '--dry-run', '--output', 'json'], { cwd });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const dryRows = rowsOf(dry.stdout);
    expect(dryRows.map((r) => r.tenant)).toEqual(tenants.map((t) => t.name));
    expect(dryRows.every((r) => r.outcome === 'dry-run' && r.changes > 0 && r.runId === undefined)).toBe(
      true,
    );
    const events = jsonLines(dry.stdout).filter((e) => e.type === 'plan');
    expect(new Set(events.map((e) => e.tenant))).toEqual(new Set(tenants.map((t) => t.name)));
    // Every tenant has its own sandbox tenant (own seed, own state file, own tenant id).
    const sandboxDir = path.join(stateDir, 'sandbox', 'fleet');
    const stateFiles = readdirSync(sandboxDir).filter((f) => f.endsWith('.json'));
    expect(stateFiles.sort()).toEqual(tenants.map((t) => `${t.name}.json`).sort());
    const sandboxTenantIds = stateFiles.map(
      (f) =>
        (JSON.parse(readFileSync(path.join(sandboxDir, f), 'utf8')) as { tenant: { id: string } }).tenant.id,
    );
    expect(new Set(sandboxTenantIds).size).toBe(50);

    const throttled = tenants.map((t, i) =>
      i === 0 ? { ...t, sandbox: { mxTtl: 2, faults: heavyThrottle } } : t,
    );
    const withThrottle = writeTenantsFile(cwd, throttled, 'throttled.yaml');
    const report = path.join(cwd, 'fleet.json');
    const applied = await runCli([...common, '--tenants', withThrottle, '--report', `json=${report}`], {
      cwd,
    });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^tenant\s+outcome\s+changes\s+duration\s+run id$/m);
    expect(applied.stdout).toMatch(/^client-001\s+succeeded\s+\d+\s+[\d.]+ s\s+\d{8}T\d{6}Z-[0-9a-f]{4}$/m);
    expect(applied.stdout).toMatch(/50 tenant\(s\): 50 succeeded in .*; exit 0/);
    const summary = JSON.parse(readFileSync(report, 'utf8')) as { tenants: Row[]; exitCode: number };
    const [slow, ...others] = summary.tenants;
    expect(slow?.durationMs).toBeGreaterThanOrEqual(THROTTLE_MS);
    // While client-001 waited out its Retry-After pauses, other tenants started and finished:
    // with a shared limiter none could have completed a Graph call during those pauses.
    const window = (r: Row): [number, number] => {
      const start = Date.parse(r.startedAt ?? '');
      return [start, start + r.durationMs];
    };
    const [slowStart, slowEnd] = window(slow as Row);
    const inside = others.filter((r) => window(r)[0] >= slowStart && window(r)[1] <= slowEnd);
    expect(inside.length).toBeGreaterThanOrEqual(5);
    expect(inside.every((r) => r.durationMs < (slow as Row).durationMs - THROTTLE_MS / 2)).toBe(true);
    expect(new Set(summary.tenants.map((r) => r.runId)).size).toBe(50);
    // Per-tenant journals, all locks released.
    expect(readdirSync(path.join(stateDir, 'runs')).filter((f) => f.endsWith('.jsonl'))).toHaveLength(50);
    expect(readdirSync(path.join(stateDir, 'locks'))).toEqual([]);
    expect(readdirSync(path.join(stateDir, 'secrets')).sort()).toEqual(tenants.map((t) => t.name).sort());
  }, 180_000);

  it('--max-errors stops starting tenants once exceeded; running ones finish', async () => {
    const cwd = tempDir('sop-fleet-');
    const forbidden = [{ service: 'graph', kind: 'status', status: 403 }];
    const tenants = fleetTenants(6, 'msp').map((t, i) =>
      i < 3 ? { ...t, sandbox: { faults: forbidden } } : t,
    );
    const file = writeTenantsFile(cwd, tenants);
    const result = await runCli(
      ['proofpoint', '--phase', '2', '--sandbox', '--state-dir', path.join(cwd, 'state'), '--dry-run'].concat(
        ['--tenants', file, '--concurrency', '1', '--max-errors', '20%', '--output', 'json'],
      ),
      { cwd },
    );
    expect(result.code).toBe(1);
    const rows = rowsOf(result.stdout);
    expect(rows.map((r) => `${r.tenant}:${r.outcome}`)).toEqual([
      'msp-001:failed',
      'msp-002:failed',
      'msp-003:not-started',
      'msp-004:not-started',
      'msp-005:not-started',
      'msp-006:not-started',
    ]);
    const failures = jsonLines(result.stdout).filter((e) => e.type === 'step.failed');
    expect(failures.length).toBe(2);
    expect(failures.every((e) => typeof e.tenant === 'string')).toBe(true);
    expect(jsonLines(result.stdout).at(-1)).toMatchObject({
      type: 'fleet.finished',
      exitCode: 1,
      stoppedEarly: true,
    });
  }, 60_000);

  it('--shard i/n runs disjoint parts that together cover the file', async () => {
    const cwd = tempDir('sop-fleet-');
    const tenants = fleetTenants(8, 'shard');
    const file = writeTenantsFile(cwd, tenants);
    const names: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const result = await runCli(
        [
          'proofpoint',
          '--phase',
          '2',
          '--sandbox',
          '--state-dir',
          path.join(cwd, 'state'),
          '--dry-run',
        ].concat(['--tenants', file, '--shard', shard, '--concurrency', '4', '--output', 'json']),
        { cwd },
      );
      expect(result.code).toBe(0);
      names.push(...rowsOf(result.stdout).map((r) => r.tenant));
    }
    expect(names.sort()).toEqual(tenants.map((t) => t.name).sort());
  }, 60_000);

  it('exits 2 with file:line:col on a malformed tenants file or bad fleet flags, calling nothing', async () => {
    const cwd = tempDir('sop-fleet-');
    const stateDir = path.join(cwd, 'state');
    const file = path.join(cwd, 'tenants.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      'tenants:\n  - name: contoso\n    tenantId: not-a-guid\n    config: { inputs: {}, secret: x }\n',
    );
    const base = ['proofpoint', '--phase', '2', '--sandbox', '--state-dir', stateDir];
    const bad = await runCli([...base, '--tenants', file], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:3:15: tenants.0.tenantId: must be a GUID`);
    expect(bad.stderr).toMatch(/tenants\.yaml:4:27: .*"secret" is not allowed/);
    writeTenantsFile(cwd, fleetTenants(2));
    for (const flags of [
      ['--tenants', file.replace('tenants.yaml', 'missing.yaml')],
      ['--tenants', path.join(cwd, 'tenants.yaml'), '--shard', '3/2'],
      ['--tenants', path.join(cwd, 'tenants.yaml'), '--max-errors', 'lots'],
      ['--concurrency', '4'],
    ]) {
      const result = await runCli([...base, ...flags], { cwd });
      expect(result.code, flags.join(' ')).toBe(2);
    }
    expect(existsSync(stateDir)).toBe(false);
  }, 60_000);
});
