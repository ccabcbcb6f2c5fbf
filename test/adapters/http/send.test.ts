// The attempt loop over real HTTP against a tiny local server that misbehaves on purpose.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { createHttpPolicy, sendWithPolicy, type SendOptions } from '../../../src/core/http/index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(handler: Handler): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    req.on('end', () => handler(req, res, hits));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/things`, hits: () => hits };
}

const options = (extra: Partial<SendOptions> = {}): SendOptions => ({
  service: 'demo',
  operation: 'things.call',
  policy: createHttpPolicy({ retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 300 }),
  redactor: new Redactor(),
  readVendorError: (body) => ({ message: body }),
  ...extra,
});

describe('sendWithPolicy', () => {
  it('retries a GET after a connection reset and returns the later answer', async () => {
    const server = await serve((req, res, hit) => (hit === 1 ? req.socket.destroy() : res.end('{"ok":1}')));
    const response = await sendWithPolicy({ method: 'GET', url: server.url }, options());
    expect(await response.json()).toEqual({ ok: 1 });
    expect(server.hits()).toBe(2);
  });

  it('does not retry a POST after a reset: the server may have acted', async () => {
    const server = await serve((req) => req.socket.destroy());
    const error = await sendWithPolicy({ method: 'POST', url: server.url, body: '{}' }, options()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).kind).toBe('network');
    expect(server.hits()).toBe(1);
  });

  it('retries a POST on 503 with Retry-After, which the server answered without acting', async () => {
    const server = await serve((_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(503, { 'retry-after': '0' }).end('busy');
      } else res.writeHead(201).end('{"id":"n1"}');
    });
    const response = await sendWithPolicy({ method: 'POST', url: server.url, body: '{}' }, options());
    expect(response.status).toBe(201);
    expect(server.hits()).toBe(2);
  });

  it('honours Retry-After past maxAttempts (paced budget), then returns the answer', async () => {
    const server = await serve((_req, res, hit) => {
      if (hit <= 6) res.writeHead(429, { 'retry-after': '0' }).end('slow down');
      else res.end('{"ok":7}');
    });
    const waits: string[] = [];
    const policy = createHttpPolicy({
      retry: { maxAttempts: 3, maxPacedAttempts: 8, baseDelayMs: 5, maxDelayMs: 20 },
      timeoutMs: 300,
      onRetry: (e) => waits.push(`${e.reason}:${e.delayMs}`),
    });
    const response = await sendWithPolicy({ method: 'GET', url: server.url }, options({ policy }));
    expect(await response.json()).toEqual({ ok: 7 });
    expect(server.hits()).toBe(7);
    expect(waits).toEqual(Array(6).fill('429:0'));
  });

  it('stops at maxPacedAttempts, and a 429 without Retry-After keeps the small budget', async () => {
    const paced = await serve((_req, res) => res.writeHead(429, { 'retry-after': '0' }).end('no'));
    const policy = createHttpPolicy({
      retry: { maxAttempts: 2, maxPacedAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 },
      timeoutMs: 300,
    });
    const error = await sendWithPolicy({ method: 'GET', url: paced.url }, options({ policy })).catch(
      (e: unknown) => e,
    );
    expect((error as ServiceError).kind).toBe('throttled');
    expect(paced.hits()).toBe(4);
    await close?.();
    const unpaced = await serve((_req, res) => res.writeHead(429).end('no'));
    await sendWithPolicy({ method: 'GET', url: unpaced.url }, options({ policy })).catch(() => undefined);
    expect(unpaced.hits()).toBe(2);
  });

  it('times out each attempt and reports a timeout after the last', async () => {
    const server = await serve(() => undefined);
    const retries: number[] = [];
    const policy = createHttpPolicy({
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      timeoutMs: 150,
      onRetry: (e) => retries.push(e.attempt),
    });
    const error = await sendWithPolicy({ method: 'GET', url: server.url }, options({ policy })).catch(
      (e: unknown) => e,
    );
    expect((error as ServiceError).kind).toBe('timeout');
    expect(server.hits()).toBe(2);
    expect(retries).toEqual([1]);
  });

  it('reports a refused connection as a network error after retrying', async () => {
    const server = await serve((_req, res) => res.end());
    const url = server.url;
    await close?.();
    close = undefined;
    const error = await sendWithPolicy({ method: 'POST', url, body: '{}' }, options()).catch(
      (e: unknown) => e,
    );
    expect((error as ServiceError).kind).toBe('network');
    expect((error as ServiceError).message).toContain('ECONNREFUSED');
  });

  it('sends fresh auth headers on every attempt and redacts them from errors', async () => {
    const seen: string[] = [];
    const server = await serve((req, res) => {
      seen.push(String(req.headers.authorization));
      res.writeHead(500).end(`echo ${String(req.headers.authorization)}`);
    });
    let n = 0;
    const error = await sendWithPolicy(
      { method: 'GET', url: server.url },
      options({ authorize: async () => ({ authorization: `Bearer tok-${++n}-abcdef` }) }),
    ).catch((e: unknown) => e);
    expect(seen).toEqual(['Bearer tok-1-abcdef', 'Bearer tok-2-abcdef', 'Bearer tok-3-abcdef']);
    expect((error as ServiceError).kind).toBe('unavailable');
    expect((error as ServiceError).message).not.toContain('tok-3');
  });
});
