// The fleet's pure parts: shards, --max-errors, the worst exit code, the pool, the per-tenant
// rate limiter, and positioned errors in tenants files.
import { describe, expect, it } from 'vitest';
import { createTenantRateLimiter } from '../../src/core/http/tenant-rate-limiter.ts';
import { InputError } from '../../src/errors.ts';
import { parseMaxErrors, toleratedFailures } from '../../src/fleet/max-errors.ts';
import { runPool } from '../../src/fleet/pool.ts';
import { parseShard, selectShard } from '../../src/fleet/shard.ts';
import { parseTenantsText } from '../../src/fleet/tenants-file.ts';
import { worstExitCode } from '../../src/fleet/exit-code.ts';
import { sandboxSeedFor } from '../../src/fleet/sandbox-seed.ts';
import { fleetTenants } from './tenants-fixture.ts';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError)
      return error.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`);
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('--shard', () => {
  it('partitions every tenant into exactly one shard, stably and roughly evenly', () => {
    const tenants = fleetTenants(300);
    for (const count of [1, 2, 3, 7]) {
      const shards = Array.from({ length: count }, (_, i) => selectShard(tenants, { index: i + 1, count }));
      const names = shards.flatMap((shard) => shard.map((t) => t.name));
      expect(names.sort()).toEqual(tenants.map((t) => t.name).sort());
      for (const shard of shards) expect(shard.length).toBeGreaterThan((300 / count) * 0.6);
    }
    // Adding a tenant never moves the others: membership depends on the tenant id alone.
    const before = selectShard(tenants, { index: 2, count: 3 }).map((t) => t.name);
    const after = selectShard([...fleetTenants(1, 'new'), ...tenants].reverse(), { index: 2, count: 3 });
    expect(
      after
        .map((t) => t.name)
        .filter((n) => !n.startsWith('new'))
        .sort(),
    ).toEqual(before.sort());
  });

  it('rejects shards that are not i/n with 1 <= i <= n', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '-1/3', '1/3/4']) {
      expect(() => parseShard(bad)).toThrow(InputError);
    }
  });
});

describe('--max-errors', () => {
  it('reads counts and percentages of the tenants this job runs', () => {
    expect(toleratedFailures(parseMaxErrors('3'), 50)).toBe(3);
    expect(toleratedFailures(parseMaxErrors('10%'), 47)).toBe(4);
    expect(toleratedFailures(parseMaxErrors('0'), 47)).toBe(0);
    expect(toleratedFailures(undefined, 47)).toBe(Number.POSITIVE_INFINITY);
    for (const bad of ['', '-1', '101%', '2.5', 'ten']) expect(() => parseMaxErrors(bad)).toThrow(InputError);
  });
});

describe('worstExitCode', () => {
  it('is 0 when all succeeded, else the most urgent code', () => {
    expect(worstExitCode([0, 0])).toBe(0);
    expect(worstExitCode([0, 4, 3])).toBe(3);
    expect(worstExitCode([5, 3, 4])).toBe(5);
    expect(worstExitCode([2, 5, 6])).toBe(6);
    expect(worstExitCode([6, 1, 2])).toBe(1);
    expect(worstExitCode([1, 70])).toBe(70);
  });
});

describe('runPool', () => {
  it('never runs more than the limit and stops starting when told', async () => {
    let running = 0;
    let peak = 0;
    let finished = 0;
    const results = await runPool(
      Array.from({ length: 20 }, (_, i) => i),
      {
        concurrency: 3,
        mayStart: () => finished < 7,
        run: async (item) => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 2 + (item % 3)));
          running -= 1;
          finished += 1;
          return item * 10;
        },
      },
    );
    expect(peak).toBe(3);
    const started = results.filter((r) => r !== undefined);
    expect(started.length).toBeGreaterThanOrEqual(7);
    expect(started.length).toBeLessThanOrEqual(9);
    expect(results.slice(0, started.length)).toEqual(started);
    expect(results[0]).toBe(0);
    expect(results[5]).toBe(50);
  });
});

describe('per-tenant rate limiter', () => {
  function fakeClock() {
    let now = 1_000;
    const slept: number[] = [];
    return {
      now: () => now,
      sleep: async (ms: number) => {
        slept.push(ms);
        now += ms;
      },
      slept,
    };
  }

  it('pauses only the throttled service after a 429 and lets the rest through', async () => {
    const clock = fakeClock();
    const limiter = createTenantRateLimiter(clock);
    limiter.observeRetry({
      service: 'graph',
      operation: 'getApp',
      attempt: 1,
      delayMs: 7_000,
      reason: '429',
    });
    limiter.observeRetry({ service: 'graph', operation: 'x', attempt: 1, delayMs: 300, reason: 'network' });
    expect(limiter.pausedFor('graph')).toBe(7_000);
    await limiter.acquire({ service: 'exchange', operation: 'Get-InboundConnector' });
    expect(clock.slept).toEqual([]);
    await limiter.acquire({ service: 'graph', operation: 'listApps' });
    expect(clock.slept).toEqual([7_000]);
    expect(limiter.pausedFor('graph')).toBe(0);
  });

  it('keeps separate tenants independent', async () => {
    const clock = fakeClock();
    const throttled = createTenantRateLimiter(clock);
    const other = createTenantRateLimiter(clock);
    throttled.pause('graph', 30_000);
    await other.acquire({ service: 'graph', operation: 'listApps' });
    expect(clock.slept).toEqual([]);
  });

  it('spaces calls to the per-second cap', async () => {
    const clock = fakeClock();
    const limiter = createTenantRateLimiter({ ...clock, maxRequestsPerSecond: 4 });
    for (let i = 0; i < 4; i++) await limiter.acquire({ service: 'graph', operation: 'op' });
    expect(clock.slept).toEqual([250, 250, 250]);
  });
});

describe('tenants file', () => {
  it('accepts path and inline configs with credentials by reference', () => {
    const loaded = parseTenantsText(
      'fleet.yaml',
      [
        'tenants:',
        '  - name: contoso-eu',
        '    tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47',
        '    config: clients/contoso.yaml',
        '  - name: fabrikam',
        '    tenantId: 0d3c5a91-7b7e-4a39-9d51-2b1a6e0f4c11',
        '    config:',
        '      credential: { kind: client-secret, clientId: 8a1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, clientSecretEnv: FABRIKAM_SECRET }',
        '      inputs: { domains: [fabrikam.example] }',
        '    sandbox: { faults: [{ service: graph, kind: status, status: 429, retryAfterSeconds: 2, times: 3 }] }',
      ].join('\n'),
    );
    expect(loaded.tenants.map((t) => t.name)).toEqual(['contoso-eu', 'fabrikam']);
    expect(loaded.placeOf(['tenants', 1, 'config'])).toMatchObject({ line: 8 });
  });

  it('points at every problem with file:line:col, and refuses secret values', () => {
    const problems = problemsOf(() =>
      parseTenantsText(
        'fleet.yaml',
        [
          'tenants:',
          '  - name: contoso',
          '    tenantId: not-a-guid',
          '  - name: contoso',
          '    tenantId: 0d3c5a91-7b7e-4a39-9d51-2b1a6e0f4c11',
          '    config:',
          '      credential: { kind: client-secret, clientSecret: hunter2 }',
          '      colour: blue',
        ].join('\n'),
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^fleet\.yaml:3:15: tenants\.0\.tenantId: must be a GUID/),
        expect.stringMatching(
          /^fleet\.yaml:7:42: .*"clientSecret" is not allowed: secrets never go in the tenants file/,
        ),
        expect.stringMatching(/^fleet\.yaml:8:7: tenants\.1\.config: unknown key "colour"/),
      ]),
    );
    const duplicate = problemsOf(() =>
      parseTenantsText(
        'fleet.yaml',
        'tenants:\n  - { name: a, tenantId: 0d3c5a91-7b7e-4a39-9d51-2b1a6e0f4c11 }\n  - { name: A, tenantId: 0D3C5A91-7B7E-4A39-9D51-2B1A6E0F4C11 }\n',
      ),
    );
    expect(duplicate).toEqual([
      expect.stringMatching(/^fleet\.yaml:3:13: .*"A" is already used by tenants\.0/),
      expect.stringMatching(/^fleet\.yaml:3:26: .*already listed as tenants\.0/),
    ]);
    expect(problemsOf(() => parseTenantsText('fleet.yaml', 'tenants: [\n'))[0]).toMatch(
      /^fleet\.yaml:2:1: YAML/,
    );
    expect(problemsOf(() => parseTenantsText('fleet.yaml', '  \n'))).toEqual([
      'fleet.yaml:1:1: empty; expected `tenants:` with a list',
    ]);
  });

  it('gives each tenant name its own sandbox seed', () => {
    const seeds = new Set(fleetTenants(500).map((t) => sandboxSeedFor(t.name)));
    expect(seeds.size).toBe(500);
    expect(sandboxSeedFor('contoso')).toBe(sandboxSeedFor('contoso'));
  });
});
