/* eslint-disable @typescript-eslint/no-unsafe-member-access -- tests read JSON answers freely */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { connect, tokenFor } from './helpers.ts';

const running: Sandbox[] = [];
async function sandboxWith(options: Parameters<typeof startSandbox>[0]): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  running.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('fault injection', () => {
  it('answers 429 with Retry-After and the Graph TooManyRequests body on the 2nd matching call only', async () => {
    const sandbox = await sandboxWith({ seed: 811 });
    const graph = await connect(sandbox);
    sandbox.faults.add({
      service: 'graph',
      method: 'GET',
      path: '/groups',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 3,
      nth: 2,
    });
    const statuses: number[] = [];
    let throttled: Awaited<ReturnType<typeof graph>> | undefined;
    for (let i = 0; i < 4; i++) {
      const answer = await graph('GET', '/groups');
      statuses.push(answer.status);
      if (answer.status === 429) throttled = answer;
    }
    expect(statuses).toEqual([200, 429, 200, 200]);
    expect(throttled?.headers.get('retry-after')).toBe('3');
    expect(throttled?.body.error.code).toBe('TooManyRequests');
    expect(throttled?.body.error.innerError).toMatchObject({ code: '429' });
    expect(sandbox.requests.filter((r) => r.fault === 'status')).toHaveLength(1);
    // other routes never matched
    expect((await graph('GET', '/applications')).status).toBe(200);
  });

  it('fires at a seeded rate, the same way for the same seed', async () => {
    const pattern = async (seed: number) => {
      const sandbox = await sandboxWith({
        seed,
        faults: [{ service: 'graph', kind: 'status', status: 503, rate: 0.5 }],
      });
      const graph = await connect(sandbox);
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await graph('GET', '/groups')).status);
      return out;
    };
    const first = await pattern(9001);
    const again = await pattern(9001);
    expect(again).toEqual(first);
    const failures = first.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
  });

  it('limits firing with times, and faults the login service with its own body', async () => {
    const sandbox = await sandboxWith({
      seed: 812,
      faults: [{ service: 'login', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 }],
    });
    const first = await fetch(`${sandbox.url}/login/${sandbox.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: '',
    });
    expect(first.status).toBe(429);
    expect(((await first.json()) as { error: string }).error).toBe('temporarily_unavailable');
    expect(await tokenFor(sandbox)).toMatch(/^sbx\./);
  });

  it('resets the connection', async () => {
    const sandbox = await sandboxWith({ seed: 813 });
    const graph = await connect(sandbox);
    const id = sandbox.faults.add({
      service: 'graph',
      path: '/^\\/graph\\/v1\\.0\\/groups$/',
      kind: 'reset',
      times: 1,
    });
    await expect(graph('GET', '/groups')).rejects.toThrow();
    expect(sandbox.faults.remove(id)).toBe(true);
    expect((await graph('GET', '/groups')).status).toBe(200);
  });

  it('never answers a timed-out request (until close)', async () => {
    const sandbox = await sandboxWith({ seed: 814 });
    const graph = await connect(sandbox);
    sandbox.faults.add({ service: 'graph', kind: 'timeout' });
    const started = Date.now();
    await expect(
      fetch(`${sandbox.url}/graph/v1.0/groups`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    sandbox.faults.clear();
    expect((await graph('GET', '/groups')).status).toBe(200);
  });

  it('adds per-rule latency and global latency', async () => {
    const sandbox = await sandboxWith({ seed: 815, latencyMs: 60 });
    const graph = await connect(sandbox);
    sandbox.faults.add({ service: 'graph', kind: 'latency', ms: 150, path: '/users' });
    let started = Date.now();
    await graph('GET', '/users');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    started = Date.now();
    await graph('GET', '/groups');
    const plain = Date.now() - started;
    expect(plain).toBeGreaterThanOrEqual(55);
    expect(plain).toBeLessThan(200);
    const logged = sandbox.requests.find((r) => r.path === '/graph/v1.0/users');
    expect(logged?.fault).toBe('latency');
    expect(logged?.durationMs).toBeGreaterThanOrEqual(200);
  });

  it('is steerable through the control API', async () => {
    const sandbox = await sandboxWith({ seed: 816 });
    const graph = await connect(sandbox);
    const added = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ service: 'graph', kind: 'status', status: 500 }),
    });
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: string };
    expect((await graph('GET', '/groups')).status).toBe(500);
    expect((await fetch(`${sandbox.url}/_sandbox/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await graph('GET', '/groups')).status).toBe(200);
    const bad = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'explode' }),
    });
    expect(bad.status).toBe(400);
  });
});
