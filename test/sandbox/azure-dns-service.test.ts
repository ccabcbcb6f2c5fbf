/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- tests read ARM's JSON answers freely */
// The sandbox's Azure DNS (ARM Microsoft.Network/dnsZones, api-version 2018-05-01) over real HTTP:
// the wire shape, etag preconditions, api-version, validation, 404s and bearer checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { tokenFor, type HttpAnswer } from './helpers.ts';

const ARM_SCOPE = 'https://management.azure.com/.default';
let sb: Sandbox;
let token: string;
let zonesPath: string;

async function arm(
  method: string,
  path: string,
  options: {
    body?: unknown;
    headers?: Record<string, string>;
    apiVersion?: string | null;
    bearer?: string | null;
  } = {},
): Promise<HttpAnswer> {
  const url = new URL(`${sb.url}/arm${path}`);
  if (options.apiVersion !== null) url.searchParams.set('api-version', options.apiVersion ?? '2018-05-01');
  const bearer = options.bearer === undefined ? token : options.bearer;
  const res = await fetch(url, {
    method,
    headers: {
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

const mxBody = (ttl: number, records: Array<[number, string]>) => ({
  properties: { TTL: ttl, MXRecords: records.map(([preference, exchange]) => ({ preference, exchange })) },
});

beforeAll(async () => {
  sb = await startSandbox({ seed: 9117, dns: { mxTtl: 1500 } });
  token = await tokenFor(sb, ARM_SCOPE);
  zonesPath = `/subscriptions/${sb.dns.azure.subscriptionId}/resourceGroups/${sb.dns.azure.resourceGroup}/providers/Microsoft.Network/dnsZones`;
});
afterAll(() => sb.close());

describe('sandbox Azure DNS: shapes', () => {
  it('derives the subscription from the seed and publishes the ARM endpoint', async () => {
    expect(sb.dns.azure.subscriptionId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(sb.dns.azure.resourceGroup).toBe('rg-contoso-dns');
    expect(sb.endpoints.azureResourceManager).toBe(`${sb.url}/arm`);
    const other = await startSandbox({ seed: 9118 });
    expect(other.dns.azure.subscriptionId).not.toBe(sb.dns.azure.subscriptionId);
    await other.close();
  });

  it('answers a zone with its name servers and record-set count', async () => {
    const zone = await arm('GET', `${zonesPath}/contoso.example`);
    expect(zone.status).toBe(200);
    expect(zone.body).toMatchObject({
      id: `/subscriptions/${sb.dns.azure.subscriptionId}/resourceGroups/rg-contoso-dns/providers/Microsoft.Network/dnszones/contoso.example`,
      name: 'contoso.example',
      type: 'Microsoft.Network/dnszones',
      location: 'global',
      properties: {
        nameServers: ['ns1.contoso.example.', 'ns2.contoso.example.'],
        maxNumberOfRecordsPerRecordSet: 20,
        zoneType: 'Public',
      },
    });
    // NS@, A ns1, A ns2, MX@, TXT@, A www, plus SOA.
    expect(zone.body.properties.numberOfRecordSets).toBe(7);
    const list = await arm('GET', zonesPath);
    expect(list.body.value.map((z: { name: string }) => z.name)).toEqual([
      'contoso.example',
      'fabrikam.example',
    ]);
  });

  it('answers a record set in ARM RecordSet shape with an etag', async () => {
    const mx = await arm('GET', `${zonesPath}/contoso.example/MX/@`);
    expect(mx.status).toBe(200);
    expect(mx.body).toEqual({
      id: `/subscriptions/${sb.dns.azure.subscriptionId}/resourceGroups/rg-contoso-dns/providers/Microsoft.Network/dnszones/contoso.example/MX/@`,
      name: '@',
      type: 'Microsoft.Network/dnszones/MX',
      etag: expect.stringMatching(/^[0-9a-f-]{36}$/),
      properties: {
        metadata: {},
        TTL: 1500,
        fqdn: 'contoso.example.',
        provisioningState: 'Succeeded',
        targetResource: {},
        MXRecords: [{ preference: 0, exchange: 'contoso-example.mail.protection.outlook.com' }],
      },
    });
    expect(mx.headers.get('etag')).toBe(mx.body.etag);
    const listed = await arm('GET', `${zonesPath}/contoso.example/A`);
    expect(listed.body.value.map((s: { name: string }) => s.name)).toEqual(['ns1', 'ns2', 'www']);
    const paged = await arm('GET', `${zonesPath}/contoso.example/recordsets?$top=4`);
    expect(paged.body.value).toHaveLength(4);
    const rest = await fetch(paged.body.nextLink as string, {
      headers: { authorization: `Bearer ${token}` },
    });
    const restBody = (await rest.json()) as {
      value: Array<{ name: string; type: string }>;
      nextLink?: string;
    };
    expect(restBody.value.map((s) => `${s.name} ${s.type}`)).toEqual([
      'ns2 Microsoft.Network/dnszones/A',
      'www Microsoft.Network/dnszones/A',
    ]);
    expect(restBody.nextLink).toBeUndefined();
  });

  it('splits long TXT text into 255-character strings and serves the joined text over DNS', async () => {
    const text = 'k'.repeat(300);
    const put = await arm('PUT', `${zonesPath}/contoso.example/TXT/long`, {
      body: { properties: { TTL: 120, TXTRecords: [{ value: ['k'.repeat(255), 'k'.repeat(45)] }] } },
    });
    expect(put.status).toBe(201);
    const got = await arm('GET', `${zonesPath}/contoso.example/TXT/long`);
    expect(got.body.properties.TXTRecords).toEqual([{ value: ['k'.repeat(255), 'k'.repeat(45)] }]);
    expect(got.body.properties.fqdn).toBe('long.contoso.example.');
    const resolved = await fetch(`${sb.dns.resolverUrl}?name=long.contoso.example&type=TXT`);
    const answer: unknown = await resolved.json();
    expect(JSON.stringify(answer)).toContain(text);
  });
});

describe('sandbox Azure DNS: etags', () => {
  it('changes the etag on every write and refuses a stale If-Match with 412 PreconditionFailed', async () => {
    const path = `${zonesPath}/fabrikam.example/MX/@`;
    const first = await arm('GET', path);
    const put = await arm('PUT', path, {
      body: mxBody(300, [[10, 'mx1-us1.ppe-hosted.com']]),
      headers: { 'if-match': first.body.etag },
    });
    expect(put.status).toBe(200);
    expect(put.body.etag).not.toBe(first.body.etag);
    const same = await arm('PUT', path, {
      body: mxBody(300, [[10, 'mx1-us1.ppe-hosted.com']]),
      headers: { 'if-match': put.body.etag },
    });
    expect(same.status).toBe(200);
    expect(same.body.etag).not.toBe(put.body.etag);
    const stale = await arm('PUT', path, {
      body: mxBody(60, [[20, 'other.example.net']]),
      headers: { 'if-match': first.body.etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PreconditionFailed');
    expect((await arm('GET', path)).body.properties).toMatchObject({
      TTL: 300,
      MXRecords: [{ preference: 10, exchange: 'mx1-us1.ppe-hosted.com' }],
    });
  });

  it('refuses If-None-Match: * on an existing set and creates with it when absent', async () => {
    const existing = await arm('PUT', `${zonesPath}/fabrikam.example/TXT/@`, {
      body: { properties: { TTL: 60, TXTRecords: [{ value: ['x'] }] } },
      headers: { 'if-none-match': '*' },
    });
    expect(existing.status).toBe(412);
    expect(existing.body.error.code).toBe('PreconditionFailed');
    const created = await arm('PUT', `${zonesPath}/fabrikam.example/TXT/_dmarc`, {
      body: { properties: { TTL: 60, TXTRecords: [{ value: ['v=DMARC1; p=none'] }] } },
      headers: { 'if-none-match': '*' },
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('_dmarc');
  });

  it('gives a new etag when the set was changed through the Cloudflare API', async () => {
    const path = `${zonesPath}/contoso.example/TXT/@`;
    const before = await arm('GET', path);
    const zones = (await (
      await fetch(`${sb.endpoints.dnsApi}/zones?name=contoso.example`, {
        headers: { authorization: `Bearer ${sb.dns.cloudflareToken}` },
      })
    ).json()) as { result: Array<{ id: string }> };
    const created = await fetch(`${sb.endpoints.dnsApi}/zones/${zones.result[0]?.id ?? ''}/dns_records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sb.dns.cloudflareToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'TXT', name: 'contoso.example', content: 'ms=ms12345678', ttl: 3600 }),
    });
    expect(created.status).toBe(200);
    const after = await arm('GET', path);
    expect(after.body.etag).not.toBe(before.body.etag);
    const stale = await arm('DELETE', path, { headers: { 'if-match': before.body.etag } });
    expect(stale.status).toBe(412);
  });

  it('deletes with a matching If-Match, answers 204 for an absent set, and keeps the apex NS', async () => {
    const path = `${zonesPath}/fabrikam.example/TXT/_dmarc`;
    const current = await arm('GET', path);
    expect((await arm('DELETE', path, { headers: { 'if-match': current.body.etag } })).status).toBe(200);
    expect((await arm('GET', path)).status).toBe(404);
    expect((await arm('DELETE', path)).status).toBe(204);
    const ns = await arm('DELETE', `${zonesPath}/fabrikam.example/NS/@`);
    expect(ns.status).toBe(400);
  });

  it('PATCH changes the TTL and keeps the records; a snapshot diff ignores the etag bookkeeping', async () => {
    const path = `${zonesPath}/contoso.example/A/www`;
    const before = sb.snapshot();
    await arm('GET', `${zonesPath}/contoso.example/NS/@`);
    expect(sb.diff(before, sb.snapshot())).toEqual({ created: [], changed: [], deleted: [] });
    const patched = await arm('PATCH', path, { body: { properties: { TTL: 90 } } });
    expect(patched.status).toBe(200);
    expect(patched.body.properties).toMatchObject({ TTL: 90, ARecords: [{ ipv4Address: '192.0.2.80' }] });
    expect(
      (await arm('PATCH', `${zonesPath}/contoso.example/A/nothere`, { body: { properties: { TTL: 90 } } }))
        .status,
    ).toBe(404);
  });
});

describe('sandbox Azure DNS: request rules', () => {
  it('requires api-version 2018-05-01', async () => {
    const path = `${zonesPath}/contoso.example/MX/@`;
    expect((await arm('GET', path, { apiVersion: null })).body.error.code).toBe('MissingApiVersionParameter');
    const bad = await arm('GET', path, { apiVersion: 'latest' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'InvalidApiVersionParameter']);
    const unknown = await arm('GET', path, { apiVersion: '2099-01-01' });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'NoRegisteredProviderFound']);
  });

  it('validates TTL, MX, TXT and record types as Azure does', async () => {
    const put = (type: string, name: string, properties: unknown) =>
      arm('PUT', `${zonesPath}/fabrikam.example/${type}/${name}`, { body: { properties } });
    const rejected = [
      await put('MX', 'v1', { TTL: 0, MXRecords: [{ preference: 10, exchange: 'mx.example.net' }] }),
      await put('MX', 'v2', { TTL: 2147483648, MXRecords: [{ preference: 10, exchange: 'mx.example.net' }] }),
      await put('MX', 'v3', { TTL: 300, MXRecords: [{ preference: 65536, exchange: 'mx.example.net' }] }),
      await put('MX', 'v4', { TTL: 300, MXRecords: [{ preference: 5, exchange: 'not a host!' }] }),
      await put('TXT', 'v5', { TTL: 300, TXTRecords: [{ value: ['t'.repeat(256)] }] }),
      await put('TXT', 'v6', { TTL: 300, MXRecords: [{ preference: 5, exchange: 'mx.example.net' }] }),
      await put('MX', 'v7', { MXRecords: [{ preference: 5, exchange: 'mx.example.net' }] }),
      await put('MX', 'v8', {
        TTL: 300,
        MXRecords: Array.from({ length: 21 }, (_, i) => ({ preference: i, exchange: 'mx.example.net' })),
      }),
      await put('A', 'v9', { TTL: 300, ARecords: [{ ipv4Address: '300.1.1.1' }] }),
      await put('FOO', 'v10', { TTL: 300 }),
    ];
    expect(rejected.map((r) => [r.status, r.body.error.code])).toEqual(
      Array.from({ length: 10 }, () => [400, 'BadRequest']),
    );
    const accepted = await put('MX', 'ok', {
      TTL: 1,
      MXRecords: [{ preference: 65535, exchange: 'mx.example.net.' }],
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.properties.MXRecords).toEqual([{ preference: 65535, exchange: 'mx.example.net' }]);
  });

  it('answers 404 with ARM codes for an unknown subscription, resource group, zone or record set', async () => {
    const { subscriptionId } = sb.dns.azure;
    const codes = [
      await arm(
        'GET',
        `/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-contoso-dns/providers/Microsoft.Network/dnsZones/contoso.example`,
      ),
      await arm(
        'GET',
        `/subscriptions/${subscriptionId}/resourceGroups/rg-other/providers/Microsoft.Network/dnsZones/contoso.example`,
      ),
      await arm('GET', `${zonesPath}/nothere.example`),
      await arm('GET', `${zonesPath}/nothere.example/MX/@`),
      await arm('GET', `${zonesPath}/contoso.example/MX/nomail`),
    ].map((r) => [r.status, r.body.error.code]);
    expect(codes).toEqual([
      [404, 'SubscriptionNotFound'],
      [404, 'ResourceGroupNotFound'],
      [404, 'ResourceNotFound'],
      [404, 'ParentResourceNotFound'],
      [404, 'NotFound'],
    ]);
  });

  it('checks the bearer token: missing, unknown, other audience, expired', async () => {
    const path = `${zonesPath}/contoso.example`;
    const missing = await arm('GET', path, { bearer: null });
    expect([missing.status, missing.body.error.code]).toEqual([401, 'AuthenticationFailed']);
    expect(missing.headers.get('www-authenticate')).toContain(`login.windows.net/${sb.tenantId}`);
    expect((await arm('GET', path, { bearer: 'sbx.not-issued' })).body.error.code).toBe(
      'InvalidAuthenticationToken',
    );
    const graph = await arm('GET', path, { bearer: await tokenFor(sb) });
    expect(graph.status).toBe(401);
    expect(graph.body.error.message).toContain("wrong audience or resource 'https://graph.microsoft.com'");
    const fresh = await tokenFor(sb, 'https://management.core.windows.net/.default');
    expect((await arm('GET', path, { bearer: fresh })).status).toBe(200);
    sb.expireTokens();
    const expired = await arm('GET', path, { bearer: fresh });
    expect([expired.status, expired.body.error.code]).toEqual([401, 'ExpiredAuthenticationToken']);
    token = await tokenFor(sb, ARM_SCOPE);
  });

  it('answers an injected 429 in ARM shape with Retry-After', async () => {
    sb.faults.add({ service: 'arm', kind: 'status', status: 429, retryAfterSeconds: 7, times: 1 });
    const throttled = await arm('GET', `${zonesPath}/contoso.example`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.body.error.code).toBe('TooManyRequests');
  });
});

describe('sandbox Azure DNS: names outside the RecordSet schema', () => {
  it.each([
    [
      { properties: { TTL: 300, TXTRecords: [{ value: ['a'] }] }, tags: {} },
      /member 'tags' on object of type 'RecordSet'/,
    ],
    [
      { properties: { TTL: 300, TXTRecords: [{ value: ['a'] }], ttl: 60 } },
      /member 'ttl' on object of type 'RecordSetProperties'/,
    ],
    [
      { properties: { TTL: 300, TXTRecords: [{ values: ['a'] }] } },
      /member 'values' on object of type 'TxtRecord'/,
    ],
    [
      { properties: { TTL: 300, metadata: { owner: 1 }, TXTRecords: [{ value: ['a'] }] } },
      /'metadata' must be an object of string values/,
    ],
  ])('refuses %j with 400 BadRequest', async (body, words) => {
    const answer = await arm('PUT', `${zonesPath}/contoso.example/TXT/schema-probe`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BadRequest');
    expect(answer.body.error.message).toMatch(words);
  });

  it('accepts read-only names a client echoes back (etag, fqdn, provisioningState)', async () => {
    const answer = await arm('PUT', `${zonesPath}/contoso.example/TXT/schema-echo`, {
      body: {
        etag: undefined,
        properties: { TTL: 300, fqdn: 'x', provisioningState: 'Succeeded', TXTRecords: [{ value: ['a'] }] },
      },
    });
    expect(answer.status).toBeLessThan(300);
  });
});
