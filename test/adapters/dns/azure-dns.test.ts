/* eslint-disable @typescript-eslint/no-unsafe-assignment -- expect.stringContaining() matchers are typed any */
// The Azure DNS provider over real HTTP against the sandbox's ARM emulation: the same zone data
// the Cloudflare API edits and the loopback authoritative server answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthoritativeResolver,
  type AuthoritativeResolver,
} from '../../../src/services/dns/client/authoritative.ts';
import type { DnsProvider } from '../../../src/services/dns/client/provider.ts';
import { InputError, RefusedError, ServiceError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { azureProvider, cloudflare, cloudflareZoneId, HookedCredential } from './azure-dns-support.ts';
import { sandboxCredential } from '../support/sandbox-services.ts';

let sb: Sandbox;
let redactor: Redactor;
let provider: DnsProvider;
let authoritative: AuthoritativeResolver;

const DKIM =
  'v=DKIM1; k=rsa; p=' + 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu5a1Rz0'.repeat(7) + 'QIDAQAB';

const armWrites = (method: string, pathPart: string) =>
  sb.requests.filter((r) => r.service === 'arm' && r.method === method && r.path.includes(pathPart));

async function authoritativeMx(zone: string) {
  const view = await authoritative.query(zone, zone, 'MX');
  const answer = view.answers[0];
  return {
    serial: answer?.serial ?? 0,
    records: (answer?.records ?? []).map((r) =>
      r.type === 'MX' ? `${r.preference} ${r.exchange} ${r.ttl}` : '',
    ),
  };
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 4242, dns: { mxTtl: 2400 } });
  redactor = new Redactor();
  provider = azureProvider(sb, redactor);
  authoritative = createAuthoritativeResolver({ nameserver: sb.dns.nameserver, timeoutMs: 2000 });
});
afterAll(() => sb.close());

describe('Azure DNS provider', () => {
  it('reads the MX and TXT record sets of the apex, whatever form the name takes', async () => {
    expect(provider.kind).toBe('azure');
    const expected = {
      ttl: 2400,
      records: [{ exchange: 'contoso-example.mail.protection.outlook.com', preference: 0 }],
    };
    expect(await provider.getMx('contoso.example', '@')).toEqual(expected);
    expect(await provider.getMx('contoso.example', '')).toEqual(expected);
    expect(await provider.getMx('Contoso.Example.', 'contoso.example.')).toEqual(expected);
    expect(await provider.getTxt('contoso.example', '@')).toEqual({
      ttl: 2400,
      values: ['v=spf1 include:spf.protection.outlook.com -all'],
    });
    expect(await provider.getMx('contoso.example', 'nomail.contoso.example')).toEqual({
      ttl: undefined,
      records: [],
    });
    expect(await provider.getTxt('contoso.example', 'nomail')).toEqual({ ttl: undefined, values: [] });
    await expect(provider.getMx('contoso.example', 'www.fabrikam.example.')).rejects.toBeInstanceOf(
      InputError,
    );
  });

  it('swaps the MX set in one PUT, and the authoritative server answers the new set and TTL', async () => {
    const before = await authoritativeMx('fabrikam.example');
    const putsBefore = armWrites('PUT', '/MX/').length;
    await provider.setMx(
      'fabrikam.example',
      '@',
      [
        { exchange: 'mx2-us1.ppe-hosted.com', preference: 20 },
        { exchange: 'mx1-us1.ppe-hosted.com', preference: 10 },
      ],
      420,
    );
    expect(armWrites('PUT', '/MX/').length - putsBefore).toBe(1);
    expect(armWrites('DELETE', '/MX/')).toHaveLength(0);
    expect(await provider.getMx('fabrikam.example', '@')).toEqual({
      ttl: 420,
      records: [
        { exchange: 'mx1-us1.ppe-hosted.com', preference: 10 },
        { exchange: 'mx2-us1.ppe-hosted.com', preference: 20 },
      ],
    });
    const after = await authoritativeMx('fabrikam.example');
    expect(after.records).toEqual(['10 mx1-us1.ppe-hosted.com 420', '20 mx2-us1.ppe-hosted.com 420']);
    expect(after.serial).toBeGreaterThan(before.serial);
    // The same set again is already in place: no write.
    await provider.setMx(
      'fabrikam.example',
      '@',
      [
        { exchange: 'mx1-us1.ppe-hosted.com', preference: 10 },
        { exchange: 'mx2-us1.ppe-hosted.com', preference: 20 },
      ],
      420,
    );
    expect(armWrites('PUT', '/MX/').length - putsBefore).toBe(1);
  });

  it('changes only the TTL of the MX set', async () => {
    await provider.setMxTtl('contoso.example', '@', 180);
    expect(await provider.getMx('contoso.example', '@')).toEqual({
      ttl: 180,
      records: [{ exchange: 'contoso-example.mail.protection.outlook.com', preference: 0 }],
    });
    expect((await authoritativeMx('contoso.example')).records).toEqual([
      '0 contoso-example.mail.protection.outlook.com 180',
    ]);
    // No MX set at a name: nothing to change, nothing written.
    const puts = armWrites('PUT', '/MX/').length;
    await provider.setMxTtl('contoso.example', 'nomail.contoso.example', 180);
    expect(armWrites('PUT', '/MX/').length).toBe(puts);
  });

  it('writes a TXT value longer than 255 characters as 255-character strings and reads it back whole', async () => {
    expect(DKIM.length).toBeGreaterThan(255);
    const name = 'selector1._domainkey.contoso.example';
    await provider.replaceTxt('contoso.example', name, undefined, DKIM, 900);
    expect(await provider.getTxt('contoso.example', name)).toEqual({ ttl: 900, values: [DKIM] });
    const put = armWrites('PUT', '/TXT/selector1._domainkey').at(-1);
    const sent = put?.requestBody as { properties: { TXTRecords: Array<{ value: string[] }> } };
    const strings = sent.properties.TXTRecords[0]?.value ?? [];
    expect(strings.length).toBeGreaterThan(1);
    expect(strings.every((s) => s.length <= 255)).toBe(true);
    expect(strings.join('')).toBe(DKIM);
    expect(put?.status).toBe(201);
    const view = await authoritative.query('contoso.example', name, 'TXT');
    expect(view.answers[0]?.records).toEqual([{ name, ttl: 900, type: 'TXT', text: DKIM }]);
  });

  it('replaces one TXT value and keeps the others; removing the last value deletes the set', async () => {
    const spf = 'v=spf1 include:spf.protection.outlook.com -all';
    const verify = 'contoso-verification=8c1f0e55';
    await provider.replaceTxt('fabrikam.example', '@', undefined, verify, 3600);
    const proofpointSpf = 'v=spf1 include:spf.protection.outlook.com a:dispatch-us.ppe-hosted.com -all';
    await provider.replaceTxt('fabrikam.example', '@', spf, proofpointSpf, 3600);
    expect((await provider.getTxt('fabrikam.example', '@')).values).toEqual([verify, proofpointSpf].sort());

    const name = 'temp-check.fabrikam.example';
    await provider.replaceTxt('fabrikam.example', name, undefined, 'only-value', 600);
    expect((await provider.getTxt('fabrikam.example', name)).values).toEqual(['only-value']);
    await provider.replaceTxt('fabrikam.example', name, 'only-value', undefined, 600);
    expect(await provider.getTxt('fabrikam.example', name)).toEqual({ ttl: undefined, values: [] });
    expect(armWrites('DELETE', '/TXT/temp-check').map((r) => r.status)).toEqual([200]);
    const view = await authoritative.query('fabrikam.example', name, 'TXT');
    expect(view.answers[0]?.records).toEqual([]);
  });

  it('refuses to overwrite an MX set that changed between its read and its write', async () => {
    const hooked = new HookedCredential(sandboxCredential(sb, redactor));
    const guarded = azureProvider(sb, redactor, { credential: hooked });
    await guarded.getMx('contoso.example', '@'); // reads the zone once, so the next calls are read, write
    const zoneId = await cloudflareZoneId(sb, 'contoso.example');
    hooked.beforeRequest(2, async () => {
      await cloudflare(sb, 'POST', `/zones/${zoneId}/dns_records`, {
        type: 'MX',
        name: 'contoso.example',
        content: 'backup-mx.contoso.example',
        priority: 50,
        ttl: 180,
      });
    });
    const attempt = guarded.setMx(
      'contoso.example',
      '@',
      [{ exchange: 'mx1-us1.ppe-hosted.com', preference: 10 }],
      300,
    );
    await expect(attempt).rejects.toBeInstanceOf(RefusedError);
    await expect(attempt).rejects.toMatchObject({
      code: 'REFUSED_CHANGED',
      message: expect.stringContaining(
        'the MX record set of contoso.example changed while sop-integrate was editing it',
      ),
    });
    // The other writer's change stands; nothing was overwritten.
    expect((await authoritativeMx('contoso.example')).records).toEqual([
      '0 contoso-example.mail.protection.outlook.com 180',
      '50 backup-mx.contoso.example 180',
    ]);
    expect(armWrites('PUT', '/MX/@').at(-1)?.status).toBe(412);
  });

  it('refuses to create a TXT set that someone else created in the meantime (If-None-Match)', async () => {
    const hooked = new HookedCredential(sandboxCredential(sb, redactor));
    const guarded = azureProvider(sb, redactor, { credential: hooked });
    await guarded.getTxt('fabrikam.example', '@');
    const zoneId = await cloudflareZoneId(sb, 'fabrikam.example');
    hooked.beforeRequest(2, async () => {
      await cloudflare(sb, 'POST', `/zones/${zoneId}/dns_records`, {
        type: 'TXT',
        name: '_dmarc.fabrikam.example',
        content: 'v=DMARC1; p=none',
        ttl: 300,
      });
    });
    await expect(
      guarded.replaceTxt('fabrikam.example', '_dmarc.fabrikam.example', undefined, 'v=DMARC1; p=reject', 300),
    ).rejects.toMatchObject({
      code: 'REFUSED_CHANGED',
      message: expect.stringContaining('TXT record set of _dmarc.fabrikam.example'),
    });
    expect((await provider.getTxt('fabrikam.example', '_dmarc.fabrikam.example')).values).toEqual([
      'v=DMARC1; p=none',
    ]);
  });

  it('maps a token for the wrong audience to an auth failure that quotes no secret', async () => {
    const inner = sandboxCredential(sb, redactor);
    const graphToken = await inner.getToken('https://graph.microsoft.com/.default');
    const wrongAudience = azureProvider(sb, redactor, {
      credential: { getToken: () => inner.getToken('https://graph.microsoft.com/.default') },
    });
    const error = await wrongAudience.getMx('contoso.example', '@').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      kind: 'auth',
      details: { status: 401, vendorCode: 'InvalidAuthenticationToken' },
      hint: expect.stringContaining('https://management.azure.com'),
    });
    const everything = JSON.stringify({
      error,
      message: (error as Error).message,
      hint: (error as ServiceError).hint,
      cause: (error as Error).cause,
    });
    expect(everything).toContain('wrong audience');
    expect(graphToken?.token.length).toBeGreaterThan(10);
    for (const secret of [...sb.issuedSecrets(), graphToken?.token ?? 'missing-token'])
      expect(everything).not.toContain(secret);
    expect((error as Error).cause).toBeUndefined();
  });

  it('passes a failed sign-in on as an auth failure, without the secret', async () => {
    const badSecret = 'sbx8Q~not-the-secret-of-this-app-0000';
    const credential = sandboxCredential(sb, redactor, badSecret);
    const error = await azureProvider(sb, redactor, { credential })
      .getMx('contoso.example', '@')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', service: 'login' });
    expect(JSON.stringify({ error, message: (error as Error).message })).not.toContain(badSecret);
  });

  it('gives an input error with a hint for a missing zone or a wrong resource group', async () => {
    const missing = await provider.getMx('nothere.example', '@').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InputError);
    expect(missing).toMatchObject({
      message: expect.stringContaining('zone nothere.example was not found in resource group rg-contoso-dns'),
      hint: expect.stringContaining('dns.azure.resourceGroup'),
    });
    const wrongGroup = azureProvider(sb, redactor, { resourceGroup: 'rg-elsewhere' });
    await expect(wrongGroup.getTxt('contoso.example', '@')).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('(ResourceGroupNotFound)'),
    });
  });

  it('retries a 429 with Retry-After through the SDK, and gives up on a lasting 503 with a typed error', async () => {
    sb.faults.add({
      service: 'arm',
      method: 'GET',
      path: '/TXT/@',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const started = Date.now();
    expect((await provider.getTxt('contoso.example', '@')).values).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const statuses = sb.requests.filter((r) => r.service === 'arm' && r.path.endsWith('/TXT/@')).slice(-2);
    expect(statuses.map((r) => r.status)).toEqual([429, 200]);

    const id = sb.faults.add({ service: 'arm', method: 'GET', path: '/MX/@', kind: 'status', status: 503 });
    const before = sb.requests.length;
    await expect(provider.getMx('fabrikam.example', '@')).rejects.toMatchObject({
      kind: 'unavailable',
      details: { status: 503, vendorCode: 'ServiceUnavailable' },
    });
    expect(sb.requests.slice(before).filter((r) => r.status === 503)).toHaveLength(3); // 1 + maxRetries 2
    sb.faults.remove(id);
  });

  it('does not sit out a Retry-After beyond the cap: the call fails as throttled at once', async () => {
    const id = sb.faults.add({
      service: 'arm',
      method: 'GET',
      path: '/MX/@',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 600,
    });
    const started = Date.now();
    const before = sb.requests.length;
    await expect(provider.getMx('contoso.example', '@')).rejects.toMatchObject({
      code: 'SERVICE_ERROR',
      kind: 'throttled',
      message: expect.stringContaining('asked to wait 600 s'),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sb.requests.slice(before).filter((r) => r.status === 429)).toHaveLength(1);
    sb.faults.remove(id);
  });

  it('registers every ARM token it uses with its own redactor', async () => {
    const own = new Redactor();
    const inner = sandboxCredential(sb, new Redactor());
    const handedOut: string[] = [];
    const credential = {
      getToken: async (...args: Parameters<typeof inner.getToken>) => {
        const token = await inner.getToken(...args);
        if (token) handedOut.push(token.token);
        return token;
      },
    };
    const fresh = azureProvider(sb, own, { credential });
    await fresh.getMx('contoso.example', '@');
    expect(handedOut.length).toBeGreaterThan(0);
    for (const token of handedOut) expect(own.text(`Bearer ${token}`)).toBe('Bearer [REDACTED]');
  });
});
