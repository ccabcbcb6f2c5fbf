// Malformed 200s and paging over real HTTP. The sandbox has no "malformed body" fault, so a
// tiny local server plays Graph here; the adapter code under test is the real one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VendorResponseError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { createHttpPolicy } from '../../../src/core/http/index.ts';
import { createGraphClient } from '../../../src/services/graph/client/index.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function fakeGraph(handler: (req: IncomingMessage, res: ServerResponse, base: string) => void) {
  const paths: string[] = [];
  const auth: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    auth.push(String(req.headers.authorization));
    handler(req, res, base);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graph`;
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const redactor = new Redactor();
  const graph = createGraphClient({
    baseUrl: base,
    credential: {
      getToken: async () => ({ token: 'fixture-token-91', expiresOnTimestamp: Date.now() + 3_600_000 }),
    },
    policy: createHttpPolicy({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 2_000 }),
    redactor,
  });
  return { graph, paths, auth, redactor };
}

const json = (res: ServerResponse, status: number, body: string) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);

describe('graph adapter: malformed 200 answers', () => {
  it('rejects a body missing a required field, naming operation and field', async () => {
    const { graph, paths, auth } = await fakeGraph((_req, res) =>
      json(res, 200, '{"id":"o-1","displayName":"Sync"}'),
    );
    const error = await graph.findApplicationByUniqueName('proofpoint-sync').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorResponseError);
    expect((error as Error).message).toContain('applications.findByUniqueName');
    expect((error as Error).message).toContain('appId');
    expect(paths[0]).toMatch(/^\/graph\/v1\.0\/applications\(uniqueName='proofpoint-sync'\)\?\$select=/);
    expect(auth[0]).toBe('Bearer fixture-token-91');
  });

  it('rejects truncated JSON', async () => {
    const { graph } = await fakeGraph((_req, res) =>
      json(res, 200, '{"value":[{"id":"g1","displayName":"Dev'),
    );
    const error = await graph.findGroupByDisplayName('Devices').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorResponseError);
    expect((error as Error).message).toContain('not valid JSON');
  });

  it('never lets a malformed addPassword answer leak the secret into the error', async () => {
    const { graph, redactor } = await fakeGraph((_req, res) =>
      json(res, 200, '{"secretText":"Zq8~leaky-secret-value","keyId":17}'),
    );
    const error = await graph
      .addPassword('o-9', { displayName: 'x', endDateTime: '2027-01-01T00:00:00Z' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(JSON.stringify({ m: (error as Error).message, s: (error as Error).stack })).not.toContain(
      'leaky-secret-value',
    );
    expect(redactor.text('Zq8~leaky-secret-value')).toBe('[REDACTED]');
  });

  it('follows @odata.nextLink on the same base and refuses one to another host', async () => {
    const { graph, paths } = await fakeGraph((req, res, base) => {
      if (req.url?.includes('skiptoken'))
        return json(res, 200, '{"value":[{"id":"g2","displayName":"Ops"}]}');
      return json(
        res,
        200,
        JSON.stringify({ value: [], '@odata.nextLink': `${base}/v1.0/groups?$skiptoken=abc%3D%3D` }),
      );
    });
    expect(await graph.findGroupByDisplayName('Ops')).toEqual({ id: 'g2', displayName: 'Ops' });
    expect(paths[1]).toBe('/graph/v1.0/groups?$skiptoken=abc%3D%3D');

    const other = await fakeGraph((_req, res) =>
      json(res, 200, '{"value":[],"@odata.nextLink":"https://evil.example/v1.0/groups?x=1"}'),
    );
    await expect(other.graph.findGroupByDisplayName('Ops')).rejects.toBeInstanceOf(VendorResponseError);
  });
});
