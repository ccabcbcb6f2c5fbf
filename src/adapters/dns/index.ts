// The DNS adapter: a provider that reads and edits the zone, and the authoritative view that
// proves a change took effect at every server of the zone.
import { InputError } from '../../errors.ts';
import type { Redactor } from '../../redact.ts';
import type { HttpPolicy } from '../http/index.ts';
import { createAuthoritativeResolver, type AuthoritativeResolver } from './authoritative.ts';
import { createCloudflareProvider } from './cloudflare.ts';
import { createManualProvider } from './manual.ts';
import type { DnsProvider } from './provider.ts';
import type { NameServerAddress } from './transport.ts';

export type { AuthoritativeResolver, AuthoritativeView, ServerAnswer } from './authoritative.ts';
export { answerProblems } from './authoritative.ts';
export type { DnsProvider, DnsProviderKind, MxRecord, MxSet, TxtSet } from './provider.ts';
export { formatMx, sameMx, sortMx } from './provider.ts';
export type { NameServerAddress } from './transport.ts';

export interface DnsClient {
  provider: DnsProvider;
  authoritative: AuthoritativeResolver;
}

export interface DnsClientOptions {
  provider: 'cloudflare' | 'manual';
  /** Cloudflare API base (default https://api.cloudflare.com/client/v4). */
  apiBaseUrl?: string;
  apiToken?: string;
  nameserver?: NameServerAddress;
  timeoutMs?: number;
  policy: HttpPolicy;
  redactor: Redactor;
}

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

export function createDnsClient(options: DnsClientOptions): DnsClient {
  const authoritative = createAuthoritativeResolver({
    ...(options.nameserver ? { nameserver: options.nameserver } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  if (options.provider === 'manual') return { provider: createManualProvider(authoritative), authoritative };
  if (!options.apiToken) {
    throw new InputError('the DNS provider is cloudflare but no Cloudflare API token is configured', [], {
      hint: 'Set SOP_INTEGRATE_DNS_CLOUDFLARE_API_TOKEN (a token with Zone:Read and DNS:Edit), or use dns.provider: manual.',
    });
  }
  const provider = createCloudflareProvider({
    baseUrl: options.apiBaseUrl ?? CLOUDFLARE_API,
    apiToken: options.apiToken,
    policy: options.policy,
    redactor: options.redactor,
  });
  return { provider, authoritative };
}
