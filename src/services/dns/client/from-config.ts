// Builds the DNS adapter from the tool's config (the registry's entry point).
import { InputError } from '../../../errors.ts';
import type { AdapterDeps } from '../../registry.ts';
import { createDnsClient, type DnsClient } from './index.ts';

const AZURE_RESOURCE_MANAGER = 'https://management.azure.com';

export function createDnsAdapter(deps: AdapterDeps): Promise<DnsClient> {
  const { dns, endpoints } = deps.config;
  if (!dns) {
    throw new InputError('no DNS provider is configured', [], {
      hint: 'Add `dns: { provider: cloudflare | azure | route53 | manual }` to the config file (README "Configuration").',
    });
  }
  return createDnsClient({
    provider: dns.provider,
    ...(endpoints.dnsApi ? { apiBaseUrl: endpoints.dnsApi } : {}),
    ...(dns.cloudflareApiToken ? { apiToken: dns.cloudflareApiToken } : {}),
    ...(dns.azure
      ? {
          azure: {
            ...dns.azure,
            endpoint: endpoints.azureResourceManager ?? AZURE_RESOURCE_MANAGER,
            credential: deps.credential(),
          },
        }
      : {}),
    ...(dns.route53
      ? { route53: { ...dns.route53, ...(endpoints.route53 ? { endpoint: endpoints.route53 } : {}) } }
      : {}),
    ...(dns.nameserver ? { nameserver: dns.nameserver } : {}),
    ...(dns.timeoutMs ? { timeoutMs: dns.timeoutMs } : {}),
    policy: deps.policy,
    redactor: deps.redactor,
  });
}
