// The DNS settings of a sandbox run: the provider --sandbox-dns or the config file names
// (Cloudflare when neither does), pointed at that provider's emulation and the sandbox's loopback authoritative server.
import type { DnsProviderKind } from '../services/dns/client/provider.ts';
import type { DnsConfig } from '../config/types.ts';
import type { Sandbox } from '../sandbox/index.ts';

export function sandboxDnsConfig(provider: DnsProviderKind | undefined, sandbox: Sandbox): DnsConfig {
  const nameserver = sandbox.dns.nameserver;
  switch (provider ?? 'cloudflare') {
    case 'manual':
      return { provider: 'manual', nameserver };
    case 'azure':
      return { provider: 'azure', azure: sandbox.dns.azure, nameserver };
    case 'route53': {
      const { accessKeyId, secretAccessKey, region } = sandbox.dns.route53;
      return {
        provider: 'route53',
        route53: { region, credentials: { accessKeyId, secretAccessKey } },
        nameserver,
      };
    }
    case 'cloudflare':
      return { provider: 'cloudflare', cloudflareApiToken: sandbox.dns.cloudflareToken, nameserver };
  }
}

/** Every DNS credential the sandbox hands out, for the redactor. */
export function sandboxDnsSecrets(sandbox: Sandbox): string[] {
  return [sandbox.dns.cloudflareToken, sandbox.dns.route53.secretAccessKey];
}
