// The DNS adapter against the sandbox: a real authoritative server on loopback (UDP and TCP) and
// the Cloudflare-compatible API editing the same zone data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsClient, type DnsClient } from '../../../src/services/dns/client/index.ts';
import { queryServerOverTcp } from '../../../src/services/dns/client/transport.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { fastPolicy } from '../support/sandbox-services.ts';

let sandbox: Sandbox;
let dns: DnsClient;

beforeAll(async () => {
  sandbox = await startSandbox({ dns: { mxTtl: 1800 } });
  dns = await createDnsClient({
    provider: 'cloudflare',
    apiBaseUrl: sandbox.endpoints.dnsApi,
    apiToken: sandbox.dns.cloudflareToken,
    nameserver: sandbox.dns.nameserver,
    policy: fastPolicy(),
    redactor: new Redactor(),
  });
});
afterAll(() => sandbox.close());

describe('DNS adapter', () => {
  it('finds the NS of the zone and reads MX with TTL and SOA serial at each server', async () => {
    const servers = await dns.authoritative.serversOf('contoso.example');
    expect(servers.map((s) => s.address)).toEqual([sandbox.dns.nameserver]);
    const view = await dns.authoritative.query('contoso.example', 'contoso.example', 'MX');
    expect(view.answers).toHaveLength(1);
    const [answer] = view.answers;
    expect(answer?.authoritative).toBe(true);
    expect(answer?.records).toEqual([
      {
        name: 'contoso.example',
        ttl: 1800,
        type: 'MX',
        preference: 0,
        exchange: 'contoso-example.mail.protection.outlook.com',
      },
    ]);
    expect(answer?.serial).toBeGreaterThan(0);
  });

  it('answers over TCP too, and refuses names outside its zones', async () => {
    const tcp = await queryServerOverTcp(sandbox.dns.nameserver, 'contoso.example', 'TXT', {
      timeoutMs: 2000,
    });
    expect(tcp.answers[0]).toMatchObject({
      type: 'TXT',
      text: 'v=spf1 include:spf.protection.outlook.com -all',
    });
    const outside = await queryServerOverTcp(sandbox.dns.nameserver, 'example.org', 'MX', {
      timeoutMs: 2000,
    });
    expect(outside.rcode).toBe(5);
  });

  it('swaps the MX set through the provider and the authoritative answer follows, serial bumped', async () => {
    const before = await dns.authoritative.query('fabrikam.example', 'fabrikam.example', 'MX');
    await dns.provider.setMx(
      'fabrikam.example',
      '@',
      [
        { exchange: 'mx2-us1.ppe-hosted.com', preference: 20 },
        { exchange: 'mx1-us1.ppe-hosted.com', preference: 10 },
      ],
      300,
    );
    const got = await dns.provider.getMx('fabrikam.example', '@');
    expect(got).toEqual({
      ttl: 300,
      records: [
        { exchange: 'mx1-us1.ppe-hosted.com', preference: 10 },
        { exchange: 'mx2-us1.ppe-hosted.com', preference: 20 },
      ],
    });
    const after = await dns.authoritative.query('fabrikam.example', 'fabrikam.example', 'MX');
    expect(
      after.answers[0]?.records.map((r) => (r.type === 'MX' ? `${r.preference} ${r.exchange} ${r.ttl}` : '')),
    ).toEqual(['10 mx1-us1.ppe-hosted.com 300', '20 mx2-us1.ppe-hosted.com 300']);
    expect(after.answers[0]?.serial).toBeGreaterThan(before.answers[0]?.serial ?? Infinity);
  });

  it('replaces a TXT value in place and lowers a TTL', async () => {
    await dns.provider.replaceTxt(
      'fabrikam.example',
      '@',
      'v=spf1 include:spf.protection.outlook.com -all',
      'v=spf1 include:spf.protection.outlook.com a:dispatch-us.ppe-hosted.com -all',
      3600,
    );
    expect((await dns.provider.getTxt('fabrikam.example', '@')).values).toEqual([
      'v=spf1 include:spf.protection.outlook.com a:dispatch-us.ppe-hosted.com -all',
    ]);
    await dns.provider.setMxTtl('contoso.example', '@', 120);
    expect((await dns.provider.getMx('contoso.example', '@')).ttl).toBe(120);
  });

  it('maps a wrong token to an auth failure and a missing zone to an input error', async () => {
    const wrong = await createDnsClient({
      provider: 'cloudflare',
      apiBaseUrl: sandbox.endpoints.dnsApi,
      apiToken: 'not-the-token',
      nameserver: sandbox.dns.nameserver,
      policy: fastPolicy(),
      redactor: new Redactor(),
    });
    await expect(wrong.provider.getMx('contoso.example', '@')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(dns.provider.getMx('nothere.example', '@')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('the manual provider reads at the authoritative servers and never writes', async () => {
    const manual = await createDnsClient({
      provider: 'manual',
      nameserver: sandbox.dns.nameserver,
      policy: fastPolicy(),
      redactor: new Redactor(),
    });
    expect(manual.provider.writable).toBe(false);
    expect((await manual.provider.getMx('contoso.example', '@')).records[0]?.exchange).toBe(
      'contoso-example.mail.protection.outlook.com',
    );
    expect(() => manual.provider.setMxTtl('contoso.example', '@', 300)).toThrow(/operator/);
  });
});
