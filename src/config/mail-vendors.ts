// The DNS and Proofpoint parts of ToolConfig, from the config file plus secrets from the
// environment (SOP_INTEGRATE_DNS_* / SOP_INTEGRATE_PROOFPOINT_*).
import type { Environment } from './environment.ts';
import type { ConfigFile } from './schema.ts';
import type { DnsConfig, ProofpointConfig } from './types.ts';

export function dnsConfigOf(parsed: ConfigFile, env: Environment): DnsConfig | undefined {
  if (!parsed.dns && !env.dnsCloudflareApiToken) return undefined;
  return {
    provider: parsed.dns?.provider ?? 'cloudflare',
    ...(env.dnsCloudflareApiToken ? { cloudflareApiToken: env.dnsCloudflareApiToken } : {}),
    ...(parsed.dns?.timeoutMs ? { timeoutMs: parsed.dns.timeoutMs } : {}),
  };
}

export function proofpointConfigOf(parsed: ConfigFile, env: Environment): ProofpointConfig | undefined {
  const pp = parsed.proofpoint;
  if (!pp) return undefined;
  const essentials = pp.essentials
    ? {
        baseUrl:
          pp.essentials.baseUrl ?? `https://${pp.essentials.stack ?? 'us1'}.proofpointessentials.com/api/v1`,
        orgDomain: pp.essentials.orgDomain,
        ...((pp.essentials.user ?? env.proofpointEssentialsUser)
          ? { user: pp.essentials.user ?? env.proofpointEssentialsUser }
          : {}),
        ...(env.proofpointEssentialsPassword ? { password: env.proofpointEssentialsPassword } : {}),
      }
    : undefined;
  const tapPrincipal = pp.tap?.principal ?? env.proofpointTapPrincipal;
  const tap =
    pp.tap || env.proofpointTapSecret
      ? {
          baseUrl: pp.tap?.baseUrl ?? 'https://tap-api-v2.proofpoint.com',
          ...(tapPrincipal ? { principal: tapPrincipal } : {}),
          ...(env.proofpointTapSecret ? { secret: env.proofpointTapSecret } : {}),
        }
      : undefined;
  return {
    product: pp.product,
    ...(essentials ? { essentials } : {}),
    ...(tap ? { tap } : {}),
  };
}
