// The Proofpoint adapter (Essentials API v1, TAP SIEM v2) over real HTTP against the sandbox:
// 200 with the literal X-User/X-Password headers, malformed 200 (a tiny server), 401, 403, 404,
// 429 with Retry-After, 5xx (retried on reads, not on writes) and a reset connection.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError, VendorResponseError } from '../../../src/errors.ts';
import { createProofpointClient, type EssentialsApi } from '../../../src/services/proofpoint/client/index.ts';
import { MAX_LOOKBACK_MS, siemWindows } from '../../../src/services/proofpoint/client/tap.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { fastPolicy } from '../support/sandbox-services.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 9595 });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.faults.clear());

function client(overrides: { password?: string; orgDomain?: string; tapSecret?: string } = {}) {
  return createProofpointClient({
    product: 'essentials',
    essentials: {
      ...sb.proofpoint.essentials,
      ...(overrides.password ? { password: overrides.password } : {}),
      ...(overrides.orgDomain ? { orgDomain: overrides.orgDomain } : {}),
    },
    tap: { ...sb.proofpoint.tap, ...(overrides.tapSecret ? { secret: overrides.tapSecret } : {}) },
    policy: fastPolicy(),
    redactor: new Redactor(),
  });
}
const essentials = (overrides = {}): EssentialsApi => client(overrides).essentials!;
const calls = () => sb.requests.filter((r) => r.service === 'proofpoint');
const failure = async (promise: Promise<unknown>): Promise<ServiceError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
};

describe('Proofpoint adapter against the sandbox', () => {
  it('200: lists users and creates domains with the literal X-User / X-Password headers', async () => {
    const before = calls().length;
    const users = await essentials().listUsers();
    expect(users.map((u) => u.primary_email)).toContain('adele.vance@contoso.example');
    await essentials().createDomain('status.example', 'status-example.mail.protection.outlook.com');
    await essentials().setDestination('status.example', '192.0.2.25');
    expect(await essentials().listDomains()).toEqual([
      { name: 'status.example', is_active: true, is_relay: false, destination: '192.0.2.25', failovers: [] },
    ]);
    const [list, create, update, read] = calls().slice(before);
    // The sandbox answers 200 only with the exact X-User / X-Password headers (401 below otherwise).
    expect(list?.path).toBe('/proofpoint/essentials/api/v1/orgs/contoso.example/users');
    expect(create?.requestBody).toEqual({
      name: 'status.example',
      is_active: true,
      is_relay: false,
      destination: 'status-example.mail.protection.outlook.com',
    });
    expect([update?.method, update?.path, update?.requestBody]).toEqual([
      'PUT',
      '/proofpoint/essentials/api/v1/orgs/contoso.example/domains/status.example',
      { destination: '192.0.2.25' },
    ]);
    // The list is a bare array of domain objects.
    expect(Array.isArray(read?.responseBody)).toBe(true);
  });

  it('401: a wrong password is an auth error, not retried, and the password is never in the message', async () => {
    const before = calls().length;
    const error = await failure(essentials({ password: 'ppe_wrong-password-77' }).listDomains());
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Authentication failed');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('ppe_wrong-password-77');
    expect(calls().length - before).toBe(1);
  });

  it('403: forbidden, with the account the API needs in the hint', async () => {
    sb.faults.add({ service: 'proofpoint', kind: 'status', status: 403 });
    const error = await failure(essentials().listDomains());
    expect(error.kind).toBe('forbidden');
    expect(error.hint).toContain('Essentials organisation administrator');
  });

  it('404: an unknown organisation and a missing domain are not-found with the vendor message', async () => {
    const org = await failure(essentials({ orgDomain: 'nowhere.example' }).listDomains());
    expect(org.kind).toBe('not-found');
    expect(org.message).toContain('Organization nowhere.example not found');
    const domain = await failure(essentials().deleteDomain('never-added.example'));
    expect(domain.kind).toBe('not-found');
    const moved = await failure(essentials().setDestination('never-added.example', '192.0.2.25'));
    expect(moved.kind).toBe('not-found');
  });

  it('422: a destination that is not a host is refused with the vendor message, not retried', async () => {
    const before = calls().length;
    const error = await failure(essentials().createDomain('bad-destination.example', 'not a host'));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('destination');
    expect(calls().length - before).toBe(1);
  });

  it('429: waits the Retry-After seconds, then succeeds', async () => {
    sb.faults.add({ service: 'proofpoint', kind: 'status', status: 429, retryAfterSeconds: 1, nth: 1 });
    const started = performance.now();
    expect(await essentials().listUsers()).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('5xx: a read and a PUT are retried; a create after a 502 is not (Proofpoint may have acted)', async () => {
    sb.faults.add({ service: 'proofpoint', kind: 'status', status: 503, nth: 1 });
    expect(await essentials().listUsers()).toHaveLength(2);
    sb.faults.clear();
    sb.faults.add({ service: 'proofpoint', method: 'POST', kind: 'status', status: 502 });
    const before = calls().length;
    const error = await failure(essentials().createDomain('five-oh-two.example', '192.0.2.25'));
    expect(error.kind).toBe('unavailable');
    expect(calls().length - before).toBe(1);
    sb.faults.clear();
    // PUT of a destination is idempotent: repeating it after a 502 cannot do harm.
    sb.faults.add({ service: 'proofpoint', method: 'PUT', kind: 'status', status: 502, nth: 1 });
    const put = calls().length;
    await essentials().setDestination('status.example', '192.0.2.26');
    expect(calls().length - put).toBe(2);
  });

  it('reset: a read is retried after a dropped connection; persistent resets end as a network error', async () => {
    sb.faults.add({ service: 'proofpoint', kind: 'reset', nth: 1 });
    expect(await essentials().listUsers()).toHaveLength(2);
    sb.faults.clear();
    sb.faults.add({ service: 'proofpoint', kind: 'reset' });
    const error = await failure(essentials().listUsers());
    expect(error.kind).toBe('network');
  });

  it('TAP: Basic auth, hour-long intervals for a longer span, 401 for a wrong secret', async () => {
    const before = calls().length;
    const end = new Date();
    const messages = await client().tap!.messages(
      'delivered',
      new Date(end.getTime() - 2.5 * 3_600_000),
      end,
    );
    expect(Array.isArray(messages)).toBe(true);
    const siem = calls().slice(before);
    expect(siem).toHaveLength(3);
    expect(siem.every((c) => c.query.format === 'json')).toBe(true);
    // Equal windows of 50 minutes: none shorter than TAP's thirty-second minimum.
    const lengths = siem.map((c) => {
      const [from, to] = c.query.interval!.split('/');
      return Date.parse(to!) - Date.parse(from!);
    });
    expect(lengths).toEqual([3_000_000, 3_000_000, 3_000_000]);
    const error = await failure(
      client({ tapSecret: 'tap_wrong' }).tap!.messages('blocked', new Date(end.getTime() - 60_000), end),
    );
    expect(error.kind).toBe('auth');
  });
});

describe('TAP SIEM interval rules', () => {
  const span = (start: number, end: number) => siemWindows(new Date(start), new Date(end));

  it('cuts a span into windows of thirty seconds to an hour within the last 7 days', () => {
    const end = Date.parse('2026-12-02T12:00:00Z');
    expect(span(end - 10_000, end)).toEqual([[end - 30_000, end]]);
    const walked = span(end - 3_600_000 - 5_000, end);
    expect(walked).toHaveLength(2);
    for (const [from, to] of walked) expect(to - from).toBeGreaterThanOrEqual(30_000);
    const tenDays = span(end - 10 * 24 * 3_600_000, end);
    expect(tenDays[0]![0]).toBe(end - MAX_LOOKBACK_MS);
    for (const [from, to] of tenDays) expect(to - from).toBeLessThanOrEqual(3_600_000);
  });

  it('the sandbox refuses an interval under thirty seconds, over an hour, or more than 7 days back, as TAP does', async () => {
    const auth = `Basic ${Buffer.from(`${sb.proofpoint.tap.principal}:${sb.proofpoint.tap.secret}`).toString('base64')}`;
    const now = Date.now();
    const ask = async (from: number, to: number) =>
      (
        await fetch(
          `${sb.proofpoint.tap.baseUrl}/v2/siem/messages/delivered?format=json&interval=${encodeURIComponent(
            `${new Date(from).toISOString()}/${new Date(to).toISOString()}`,
          )}`,
          { headers: { authorization: auth } },
        )
      ).status;
    expect(await ask(now - 20_000, now)).toBe(400);
    expect(await ask(now - 3_700_000, now)).toBe(400);
    expect(await ask(now - 8 * 24 * 3_600_000, now - 8 * 24 * 3_600_000 + 60_000)).toBe(400);
    expect(await ask(now - 30_000, now)).toBe(200);
  });
});

describe('malformed 200s (a tiny server plays Proofpoint)', () => {
  it('a body that is not JSON, not a domain list, or with a destination of unknown shape is a vendor response error', async () => {
    const bodies = [
      '[{"name"',
      '{"domains":"none"}',
      '[{"is_active":true}]',
      '[{"name":"a.example","destination":{"host":"x"}}]',
    ];
    let i = 0;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(bodies[i++]);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const api = createProofpointClient({
        product: 'essentials',
        essentials: {
          baseUrl: `http://127.0.0.1:${port}/api/v1`,
          orgDomain: 'contoso.example',
          user: 'u',
          password: 'p',
        },
        policy: fastPolicy(),
        redactor: new Redactor(),
      }).essentials!;
      for (const _ of bodies) {
        const error = await api.listDomains().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VendorResponseError);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
