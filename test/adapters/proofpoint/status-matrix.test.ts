// The Proofpoint adapter (Essentials API v1, TAP SIEM v2) over real HTTP against the sandbox:
// 200 with the literal X-User/X-Password headers, malformed 200 (a tiny server), 401, 403, 404,
// 429 with Retry-After, 5xx (retried on reads, not on writes) and a reset connection.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError, VendorResponseError } from '../../../src/errors.ts';
import { createProofpointClient, type EssentialsApi } from '../../../src/adapters/proofpoint/index.ts';
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
    await essentials().createDomains(['status.example']);
    expect((await essentials().listDomains()).map((d) => d.name)).toEqual(['status.example']);
    const [list, create] = calls().slice(before);
    // The sandbox answers 200 only with the exact X-User / X-Password headers (401 below otherwise).
    expect(list?.path).toBe('/proofpoint/essentials/api/v1/orgs/contoso.example/users');
    expect(create?.requestBody).toEqual({
      domains: [{ name: 'status.example', is_active: true, is_relay: false }],
    });
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
  });

  it('429: waits the Retry-After seconds, then succeeds', async () => {
    sb.faults.add({ service: 'proofpoint', kind: 'status', status: 429, retryAfterSeconds: 1, nth: 1 });
    const started = performance.now();
    expect(await essentials().listUsers()).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('5xx: a read is retried; a create after a 502 is not (Proofpoint may have acted)', async () => {
    sb.faults.add({ service: 'proofpoint', kind: 'status', status: 503, nth: 1 });
    expect(await essentials().listUsers()).toHaveLength(2);
    sb.faults.clear();
    sb.faults.add({ service: 'proofpoint', method: 'POST', kind: 'status', status: 502 });
    const before = calls().length;
    const error = await failure(essentials().createDomains(['five-oh-two.example']));
    expect(error.kind).toBe('unavailable');
    expect(calls().length - before).toBe(1);
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
    const error = await failure(
      client({ tapSecret: 'tap_wrong' }).tap!.messages('blocked', new Date(end.getTime() - 60_000), end),
    );
    expect(error.kind).toBe('auth');
  });
});

describe('malformed 200s (a tiny server plays Proofpoint)', () => {
  it('a body that is not JSON, or lacks the domains list, is a vendor response error', async () => {
    const bodies = ['{"domains":[{"name"', '{"domains":"none"}', '{"domains":[{"is_active":true}]}'];
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
