// Builds the DNS adapter from the tool's config (the registry's entry point).
import { InputError } from '../../errors.ts';
import type { AdapterDeps } from '../registry.ts';
import { createDnsClient, type DnsClient } from './index.ts';

export function createDnsAdapter(deps: AdapterDeps): DnsClient {
  const dns = deps.config.dns;
  if (!dns) {
    throw new InputError('no DNS provider is configured', [], {
      hint: 'Add `dns: { provider: cloudflare }` (with SOP_INTEGRATE_DNS_CLOUDFLARE_API_TOKEN) or `dns: { provider: manual }` to the config file.',
    });
  }
  return createDnsClient({
    provider: dns.provider,
    ...(deps.config.endpoints.dnsApi ? { apiBaseUrl: deps.config.endpoints.dnsApi } : {}),
    ...(dns.cloudflareApiToken ? { apiToken: dns.cloudflareApiToken } : {}),
    ...(dns.nameserver ? { nameserver: dns.nameserver } : {}),
    ...(dns.timeoutMs ? { timeoutMs: dns.timeoutMs } : {}),
    policy: deps.policy,
    redactor: deps.redactor,
  });
}
