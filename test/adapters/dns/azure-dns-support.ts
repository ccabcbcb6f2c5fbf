// An Azure DNS provider against a started sandbox, signed in with the sandbox's own credential,
// and a credential wrapper that can run a one-shot action before a chosen token request. The
// wrapper hands its tokens on as already due for refresh, so the SDK's bearer policy asks it again
// before every request: the action lands between the provider's read and its write.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import {
  createAzureDnsProvider,
  type AzureDnsProviderOptions,
} from '../../../src/services/dns/client/azure.ts';
import type { DnsProvider } from '../../../src/services/dns/client/provider.ts';
import type { Redactor } from '../../../src/redact.ts';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { sandboxCredential } from '../support/sandbox-services.ts';

export function azureProvider(
  sb: Sandbox,
  redactor: Redactor,
  overrides: Partial<AzureDnsProviderOptions> = {},
): DnsProvider {
  return createAzureDnsProvider({
    ...sb.dns.azure,
    endpoint: sb.endpoints.azureResourceManager ?? `${sb.url}/arm`,
    credential: sandboxCredential(sb, redactor),
    redactor,
    retry: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    ...overrides,
  });
}

/** Wraps a credential; `beforeRequest(n, action)` runs `action` once, before the n-th token request from now. */
export class HookedCredential implements TokenCredential {
  private pending: { countdown: number; action: () => Promise<void> } | undefined;

  constructor(private readonly inner: TokenCredential) {}

  beforeRequest(n: number, action: () => Promise<void>): void {
    this.pending = { countdown: n, action };
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    if (this.pending && --this.pending.countdown === 0) {
      const { action } = this.pending;
      this.pending = undefined;
      await action();
    }
    const token = await this.inner.getToken(scopes, options);
    return token && { ...token, expiresOnTimestamp: Date.now() };
  }
}

/** Cloudflare API v4 call on the sandbox (the other door into the same zone data). */
export async function cloudflare(
  sb: Sandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${sb.endpoints.dnsApi}${path}`, {
    method,
    headers: { authorization: `Bearer ${sb.dns.cloudflareToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = (await response.json()) as { success: boolean; result: unknown };
  if (!parsed.success) throw new Error(`cloudflare ${method} ${path}: ${JSON.stringify(parsed)}`);
  return parsed.result;
}

export async function cloudflareZoneId(sb: Sandbox, zone: string): Promise<string> {
  const zones = (await cloudflare(sb, 'GET', `/zones?name=${zone}`)) as Array<{ id: string }>;
  const id = zones[0]?.id;
  if (id === undefined) throw new Error(`no zone ${zone}`);
  return id;
}
