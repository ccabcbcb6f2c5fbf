// The sandbox's Proofpoint over raw HTTP: Essentials API v1 (X-User/X-Password, domains create
// 201 / 207 partial / 409 duplicate / 422 invalid, delete 204 / 404, users), TAP SIEM v2 (Basic
// auth, interval rules, the always-present JSON structure) and the portal pages without API
// (saved only after a real test connection with the app's credentials).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 5757 });
});
afterAll(async () => {
  await sb.close();
});

async function essentials(method: string, path: string, body?: unknown, password?: string) {
  const { baseUrl, user, password: real } = sb.proofpoint.essentials;
  const res = await fetch(`${baseUrl}/orgs/contoso.example${path}`, {
    method,
    headers: {
      'X-User': user,
      'X-Password': password ?? real,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

async function tap(kind: string, interval: string, secret = sb.proofpoint.tap.secret) {
  const basic = Buffer.from(`${sb.proofpoint.tap.principal}:${secret}`).toString('base64');
  const res = await fetch(
    `${sb.proofpoint.tap.baseUrl}/v2/siem/messages/${kind}?format=json&interval=${encodeURIComponent(interval)}`,
    { headers: { authorization: `Basic ${basic}` } },
  );
  return { status: res.status, text: await res.text() };
}

describe('Essentials API v1', () => {
  it('refuses a wrong X-Password with 401 and names the headers', async () => {
    const answer = await essentials('GET', '/domains', undefined, 'ppe_not-it');
    expect(answer).toEqual({
      status: 401,
      body: { errors: ['Authentication failed: check X-User and X-Password'] },
    });
  });

  it('creates domains (201), reports a partial batch (207), a duplicate (409), a bad name (422)', async () => {
    const created = await essentials('POST', '/domains', { domains: [{ name: 'Contoso.Example' }] });
    expect(created).toEqual({
      status: 201,
      body: {
        domains: [
          { name: 'contoso.example', is_active: true, is_relay: false, destination: null, failovers: [] },
        ],
      },
    });
    const partial = await essentials('POST', '/domains', {
      domains: [{ name: 'fabrikam.example', is_relay: true }, { name: 'contoso.example' }],
    });
    expect(partial.status).toBe(207);
    expect(partial.body).toMatchObject({
      domains: [{ name: 'fabrikam.example', is_relay: true }],
      errors: ['Domain contoso.example already exists'],
    });
    expect((await essentials('POST', '/domains', { domains: [{ name: 'contoso.example' }] })).status).toBe(
      409,
    );
    const invalid = await essentials('POST', '/domains', { domains: [{ name: 'not a domain' }] });
    expect(invalid).toEqual({ status: 422, body: { errors: ['"not a domain" is not a valid domain name'] } });
    expect((await essentials('POST', '/domains', { domains: [] })).status).toBe(422);
    // The documented domain object, POSTed alone, with where to relay the domain's mail.
    const single = await essentials('POST', '/domains', {
      name: 'tailspin.example',
      is_active: true,
      is_relay: false,
      destination: 'tailspin-example.mail.protection.outlook.com',
    });
    expect(single.status).toBe(201);
    expect(
      (await essentials('POST', '/domains', { name: 'wingtip.example', destination: 'not a host' })).status,
    ).toBe(422);
    expect(
      (
        await essentials('PUT', '/domains/tailspin.example', {
          destination: '192.0.2.25',
          failovers: ['x y'],
        })
      ).status,
    ).toBe(422);
    expect(await essentials('PUT', '/domains/tailspin.example', { destination: '192.0.2.25' })).toMatchObject(
      {
        status: 200,
        body: { name: 'tailspin.example', destination: '192.0.2.25' },
      },
    );
    expect((await essentials('PUT', '/domains/never.example', { destination: '192.0.2.25' })).status).toBe(
      404,
    );
    // The list is a bare array of domain objects.
    const listed = await essentials('GET', '/domains');
    expect((listed.body as unknown as Array<{ name: string }>).map((d) => d.name).sort()).toEqual([
      'contoso.example',
      'fabrikam.example',
      'tailspin.example',
    ]);
    expect((await essentials('DELETE', '/domains/tailspin.example')).status).toBe(204);
  });

  it('deletes a domain (204, then 404) and lists users without internal ids', async () => {
    expect((await essentials('DELETE', '/domains/fabrikam.example')).status).toBe(204);
    expect(await essentials('DELETE', '/domains/fabrikam.example')).toEqual({
      status: 404,
      body: { errors: ['Domain fabrikam.example not found'] },
    });
    const users = await essentials('GET', '/users');
    const list = users.body?.users as Array<Record<string, unknown>>;
    expect(list.map((u) => u.primary_email).sort()).toEqual([
      'adele.vance@contoso.example',
      'pp-admin@contoso.example',
    ]);
    expect(list[0]).not.toHaveProperty('id');
    expect(list[0]).not.toHaveProperty('org');
  });
});

describe('TAP SIEM API v2', () => {
  // One clock reading for both ends, so the interval is exactly an hour.
  const hourAgo = () => {
    const end = Date.now();
    return `${new Date(end - 3_600_000).toISOString()}/${new Date(end).toISOString()}`;
  };

  it('answers the JSON structure even when empty, with Basic auth', async () => {
    const answer = await tap('blocked', hourAgo());
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ messagesBlocked: [], messagesDelivered: [] });
  });

  it('401 for a wrong secret; 400 for an interval over an hour, too old, or malformed', async () => {
    expect((await tap('delivered', hourAgo(), 'tap_wrong')).status).toBe(401);
    const now = Date.now();
    const long = await tap(
      'delivered',
      `${new Date(now - 7_200_000).toISOString()}/${new Date(now).toISOString()}`,
    );
    expect(long.status).toBe(400);
    expect(long.text).toContain('The requested interval is too long: at most 1 hour');
    const old = new Date(now - 8 * 86_400_000);
    const tooOld = await tap(
      'delivered',
      `${old.toISOString()}/${new Date(old.getTime() + 60_000).toISOString()}`,
    );
    expect(tooOld.status).toBe(400);
    expect(tooOld.text).toContain('The requested start time is too far into the past');
    expect((await tap('delivered', 'yesterday')).status).toBe(400);
  });
});

describe('portal pages without API', () => {
  it('is 404 until configured, and refuses credentials that fail the test connection', async () => {
    const url = `${sb.proofpoint.portalUrl}/directory-sync`;
    expect((await fetch(url)).status).toBe(404);
    const refused = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        appId: sb.credentials.clientId,
        tenantId: sb.tenantId,
        clientSecret: 'wrong-secret',
      }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^Test connection failed: /);
    expect(sb.snapshot().proofpoint?.portal).toEqual({});
  });

  it('saves the page after a real sign-in with the app credentials, and DELETE clears it', async () => {
    const url = `${sb.proofpoint.portalUrl}/trap`;
    const saved = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        appId: sb.credentials.clientId,
        tenantId: sb.tenantId,
        clientSecret: sb.credentials.clientSecret,
        settings: { policy: 'auto-pull' },
      }),
    });
    expect(saved.status).toBeLessThan(300);
    expect(sb.snapshot().proofpoint?.portal.trap).toMatchObject({
      appId: sb.credentials.clientId,
      settings: { policy: 'auto-pull' },
    });
    const signIns = Object.values(sb.snapshot().directory.signIns);
    expect(signIns.some((s) => s.appId === sb.credentials.clientId)).toBe(true);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(404);
  });
});
