// Cloudflare's TTL 1 means "automatic" (Cloudflare API, DNS records: "Setting to 1 means
// 'automatic'"), served as 300 s. The provider reports 300 s for reasoning about caches and keeps
// the setting, so lowering the MX TTL and undoing it restores "automatic", not 300.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsClient, type DnsClient } from '../../../src/services/dns/client/index.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { fastPolicy } from '../support/sandbox-services.ts';

let sandbox: Sandbox;
let dns: DnsClient;

beforeAll(async () => {
  // The seeded MX and SPF records carry Cloudflare's "automatic" TTL.
  sandbox = await startSandbox({ seed: 77, dns: { automaticTtl: true, minTtl: 60 } });
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

describe('Cloudflare automatic TTL', () => {
  it('reads as 300 s with the setting kept, is served as 300 s, and is written back as automatic', async () => {
    const mx = await dns.provider.getMx('contoso.example', '@');
    expect(mx).toMatchObject({ ttl: 300, ttlSetting: 1 });
    const served = await dns.authoritative.query('contoso.example', 'contoso.example', 'MX');
    expect(served.answers[0]?.records[0]?.ttl).toBe(300);
    const txt = await dns.provider.getTxt('contoso.example', '@');
    expect(txt).toMatchObject({ ttl: 300, ttlSetting: 1 });

    await dns.provider.setMxTtl('contoso.example', '@', 120);
    expect(await dns.provider.getMx('contoso.example', '@')).toMatchObject({ ttl: 120 });
    expect((await dns.provider.getMx('contoso.example', '@')).ttlSetting).toBeUndefined();
    await dns.provider.setMxTtl('contoso.example', '@', mx.ttlSetting ?? 0);
    expect(await dns.provider.getMx('contoso.example', '@')).toMatchObject({ ttl: 300, ttlSetting: 1 });
    const stored = Object.values(sandbox.snapshot().dns!.records).filter(
      (r) => r.type === 'MX' && r.name === 'contoso.example',
    );
    expect(stored.map((r) => [r.ttl, r.automatic])).toEqual([[300, true]]);
  });
});
