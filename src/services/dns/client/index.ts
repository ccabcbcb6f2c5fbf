// The DNS adapter: a provider that reads and edits the zone, and the authoritative view that
// proves a change took effect at every server of the zone.
import type { TokenCredential } from '@azure/identity';
import { InputError } from '../../../errors.ts';
import type { Redactor } from '../../../redact.ts';
import type { HttpPolicy } from '../../../core/http/index.ts';
import { createAuthoritativeResolver, type AuthoritativeResolver } from './authoritative.ts';
import { createCloudflareProvider } from './cloudflare.ts';
import { createManualProvider } from './manual.ts';
import type { DnsProvider, DnsProviderKind } from './provider.ts';
import type { NameServerAddress } from './transport.ts';

export type { AuthoritativeResolver, AuthoritativeView, ServerAnswer } from './authoritative.ts';
export { answerProblems } from './authoritative.ts';
export type { DnsProvider, DnsProviderKind, MxRecord, MxSet, TxtSet } from './provider.ts';
export { formatMx, sameMx, sortMx, writeCall, type DnsWrite } from './provider.ts';
export type { NameServerAddress } from './transport.ts';

export interface DnsClient {
  provider: DnsProvider;
  authoritative: AuthoritativeResolver;
}

export interface DnsClientOptions {
  provider: DnsProviderKind;
  /** Cloudflare API base (default https://api.cloudflare.com/client/v4). */
  apiBaseUrl?: string;
  apiToken?: string;
  /** Azure DNS: where the zones live, ARM's base URL and the identity that signs in. */
  azure?: { subscriptionId: string; resourceGroup: string; endpoint: string; credential: TokenCredential };
  /** Route 53: region, the sandbox's endpoint, keys (else the AWS credential chain), zone ids. */
  route53?: {
    region: string;
    endpoint?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    hostedZoneIds?: Record<string, string>;
  };
  nameserver?: NameServerAddress;
  timeoutMs?: number;
  policy: HttpPolicy;
  redactor: Redactor;
}

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

/** Azure DNS and Route 53 load their SDKs only when a run uses them. */
export async function createDnsClient(options: DnsClientOptions): Promise<DnsClient> {
  const authoritative = createAuthoritativeResolver({
    ...(options.nameserver ? { nameserver: options.nameserver } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  if (options.provider === 'manual') return { provider: createManualProvider(authoritative), authoritative };
  if (options.provider === 'azure') {
    if (!options.azure) {
      throw new InputError("the DNS provider is azure but the zones' subscription is not configured", [], {
        hint: 'Add `dns: { provider: azure, azure: { subscriptionId: <GUID>, resourceGroup: <name> } }` to the config file.',
      });
    }
    const { createAzureDnsProvider } = await import('./azure.ts');
    return {
      provider: createAzureDnsProvider({ ...options.azure, redactor: options.redactor }),
      authoritative,
    };
  }
  if (options.provider === 'route53') {
    const { createRoute53Provider } = await import('./route53.ts');
    const route53 = options.route53 ?? { region: 'us-east-1' };
    return { provider: createRoute53Provider({ ...route53, redactor: options.redactor }), authoritative };
  }
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
