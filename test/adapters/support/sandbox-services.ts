// Builds the real Services against a running sandbox, signed in as a real tenant would be: the
// automation app's client secret through @azure/identity, at the sandbox's HTTPS authority host.
import type { Sandbox } from '../../../src/sandbox/index.ts';
import type { ToolConfig } from '../../../src/config/types.ts';
import { createServices } from '../../../src/services/create-services.ts';
import { createCredential } from '../../../src/core/credentials/index.ts';
import type { TokenCredential } from '@azure/identity';
import { createHttpPolicy, type HttpPolicy } from '../../../src/core/http/index.ts';
import type { Redactor } from '../../../src/redact.ts';
import type { DnsProviderKind } from '../../../src/services/dns/client/index.ts';
import { sandboxDnsConfig } from '../../../src/cli/sandbox-dns.ts';

export function sandboxConfig(
  sb: Sandbox,
  secretDir = '/nonexistent',
  dnsProvider: DnsProviderKind = 'cloudflare',
): ToolConfig {
  return {
    tenantId: sb.tenantId,
    credential: {
      kind: 'client-secret',
      tenantId: sb.tenantId,
      clientId: sb.credentials.clientId,
      clientSecret: sb.credentials.clientSecret,
    },
    endpoints: sb.endpoints,
    stateDir: '/nonexistent',
    secretStore: { kind: 'file', dir: secretDir },
    public: {},
    inputs: {},
    // As `--sandbox` sets them: the loopback DNS server, the provider's emulated API and Proofpoint.
    dns: sandboxDnsConfig(dnsProvider, sb),
    proofpoint: {
      product: 'essentials',
      essentials: sb.proofpoint.essentials,
      tap: sb.proofpoint.tap,
      sandboxPortalUrl: sb.proofpoint.portalUrl,
      sandboxMailUrl: sb.proofpoint.mailUrl,
    },
  };
}

/** Short waits so retry tests stay fast; Retry-After is still honoured exactly. */
export function fastPolicy(overrides: Parameters<typeof createHttpPolicy>[0] = {}): HttpPolicy {
  return createHttpPolicy({
    timeoutMs: 5_000,
    ...overrides,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, ...overrides.retry },
  });
}

export function sandboxServices(
  sb: Sandbox,
  redactor: Redactor,
  policy: HttpPolicy = fastPolicy(),
  secretDir?: string,
  dnsProvider?: DnsProviderKind,
) {
  return createServices(sandboxConfig(sb, secretDir, dnsProvider), redactor, { policy });
}

/**
 * The sandbox's own automation credential (or, with `clientSecret`, a wrong one for failure tests):
 * @azure/identity's ClientSecretCredential, as the tool builds it for a real tenant.
 */
export function sandboxCredential(
  sb: Sandbox,
  redactor: Redactor,
  clientSecret = sb.credentials.clientSecret,
): TokenCredential {
  return createCredential(
    { kind: 'client-secret', tenantId: sb.tenantId, clientId: sb.credentials.clientId, clientSecret },
    sb.endpoints,
    { redactor },
  );
}
