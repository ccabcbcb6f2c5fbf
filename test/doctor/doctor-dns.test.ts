// doctor's DNS checks against the sandbox: every provider reads each mail domain's zone before a
// change window, and a zone the provider cannot reach is reported with what to fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsProviderKind } from '../../src/services/dns/client/index.ts';
import { createServices } from '../../src/services/create-services.ts';
import { checkDns } from '../../src/doctor/check-dns.ts';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { fastPolicy, sandboxConfig } from '../adapters/support/sandbox-services.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ dns: { mxTtl: 2400 } });
});
afterAll(() => sb.close());

function dnsChecks(
  provider: DnsProviderKind,
  domains: string[],
  adjust = (c: ReturnType<typeof sandboxConfig>) => c,
) {
  const config = adjust(sandboxConfig(sb, '/nonexistent', provider));
  return checkDns(config, createServices(config, new Redactor(), { policy: fastPolicy() }), domains);
}

describe('doctor: DNS', () => {
  it.each(['cloudflare', 'azure', 'route53', 'manual'] as const)(
    'reads each mail domain through %s',
    async (provider) => {
      const checks = await dnsChecks(provider, ['contoso.example', 'fabrikam.example']);
      expect(checks.every((c) => c.ok)).toBe(true);
      expect(checks[0]?.what).toMatch(/^DNS: reads the MX of contoso\.example .*\(1 MX, TTL 2400 s\)$/);
      expect(checks[0]?.what).toContain(
        provider === 'manual' ? 'authoritative servers' : `through ${provider}`,
      );
    },
  );

  it('names a zone the provider cannot reach, and a missing provider, with the fix', async () => {
    const [missing] = await dnsChecks('azure', ['northwind.example']);
    expect(missing).toMatchObject({ ok: false, what: 'DNS: read the MX of northwind.example through azure' });
    expect(missing?.fix).toMatch(/northwind\.example/);
    const wrongGroup = await dnsChecks('azure', ['contoso.example'], (config) => ({
      ...config,
      dns: {
        ...config.dns!,
        azure: { subscriptionId: sb.dns.azure.subscriptionId, resourceGroup: 'rg-other' },
      },
    }));
    expect(wrongGroup[0]?.ok).toBe(false);
    expect(wrongGroup[0]?.fix).toMatch(/resourceGroup|resource group/i);
    const none = await dnsChecks('cloudflare', ['contoso.example'], ({ dns: _dns, ...config }) => config);
    expect(none).toEqual([
      expect.objectContaining({ ok: false, fix: expect.stringMatching(/dns: \{ provider:/) as unknown }),
    ]);
  });
});
