/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- tests read JSON answers freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { connect, type GraphCaller } from './helpers.ts';

let sandbox: Sandbox;
let graph: GraphCaller;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7007 });
  graph = await connect(sandbox);
});
afterAll(async () => sandbox.close());

describe('$batch', () => {
  it('runs requests in dependsOn order and fails dependants of a failure with 424', async () => {
    const answer = await graph('POST', '/$batch', {
      requests: [
        {
          id: 'read',
          method: 'GET',
          url: "/applications?$filter=displayName eq 'Batch Made'",
          dependsOn: ['create'],
        },
        {
          id: 'create',
          method: 'POST',
          url: '/applications',
          headers: { 'Content-Type': 'application/json' },
          body: { displayName: 'Batch Made' },
        },
        { id: 'bad', method: 'GET', url: '/applications/0f0e0d0c-0b0a-4909-8807-060504030201' },
        { id: 'after-bad', method: 'GET', url: '/groups', dependsOn: ['bad'] },
      ],
    });
    expect(answer.status).toBe(200);
    const byId = Object.fromEntries(answer.body.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId.create.status).toBe(201);
    expect(byId.read.status).toBe(200);
    expect(byId.read.body.value.map((a: { id: string }) => a.id)).toEqual([byId.create.body.id]);
    expect(byId.bad.status).toBe(404);
    expect(byId['after-bad'].status).toBe(424);
    const inner = sandbox.requests.filter((r) => r.batchItemOf !== undefined);
    expect(inner.map((r) => r.status)).toEqual([201, 200, 404, 424]);
  });

  it('refuses more than 20 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/groups' }));
    const answer = await graph('POST', '/$batch', { requests });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/20/);
    const twenty = await graph('POST', '/$batch', { requests: requests.slice(0, 20) });
    expect(twenty.status).toBe(200);
    expect(twenty.body.responses).toHaveLength(20);
  });

  it('throttles a single inner request with 429 + Retry-After while the batch answers 200', async () => {
    const id = sandbox.faults.add({
      service: 'graph',
      path: '/groups',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 7,
      nth: 2,
    });
    try {
      const answer = await graph('POST', '/$batch', {
        requests: [
          { id: '1', method: 'GET', url: '/groups' },
          { id: '2', method: 'GET', url: '/groups' },
          { id: '3', method: 'GET', url: '/groups' },
        ],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.responses.map((r: { status: number }) => r.status)).toEqual([200, 429, 200]);
      const throttled = answer.body.responses[1];
      expect(throttled.headers['retry-after']).toBe('7');
      expect(throttled.body.error.code).toBe('TooManyRequests');
    } finally {
      sandbox.faults.remove(id);
    }
  });

  it('rejects unknown dependsOn ids and needs a token itself', async () => {
    const answer = await graph('POST', '/$batch', {
      requests: [{ id: 'a', method: 'GET', url: '/groups', dependsOn: ['zz'] }],
    });
    expect(answer.status).toBe(400);
    const res = await fetch(`${sandbox.url}/graph/v1.0/$batch`, {
      method: 'POST',
      body: JSON.stringify({ requests: [] }),
    });
    expect(res.status).toBe(401);
  });
});
