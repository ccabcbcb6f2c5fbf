// The DNS and Proofpoint parts of ToolConfig, from the config file plus secrets from the
// environment (SOP_INTEGRATE_DNS_* / SOP_INTEGRATE_PROOFPOINT_*).
import { InputError } from '../errors.ts';
import type { Environment } from './environment.ts';
import type { ConfigFile } from './schema.ts';
import type { DnsConfig, ProofpointConfig } from './types.ts';

export function dnsConfigOf(parsed: ConfigFile, env: Environment): DnsConfig | undefined {
  if (!parsed.dns && !env.dnsCloudflareApiToken) return undefined;
  const provider = parsed.dns?.provider ?? 'cloudflare';
  return {
    provider,
    ...(env.dnsCloudflareApiToken ? { cloudflareApiToken: env.dnsCloudflareApiToken } : {}),
    ...(parsed.dns?.timeoutMs ? { timeoutMs: parsed.dns.timeoutMs } : {}),
    ...(parsed.dns?.azure ? { azure: parsed.dns.azure } : {}),
    ...(provider === 'route53' ? { route53: route53Of(parsed, env) } : {}),
  };
}

function route53Of(parsed: ConfigFile, env: Environment): NonNullable<DnsConfig['route53']> {
  const settings = parsed.dns?.route53;
  const { dnsAwsAccessKeyId: accessKeyId, dnsAwsSecretAccessKey: secretAccessKey } = env;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    const missing = accessKeyId === undefined ? 'ACCESS_KEY_ID' : 'SECRET_ACCESS_KEY';
    throw new InputError(`SOP_INTEGRATE_DNS_AWS_${missing} is not set but its partner is`, [], {
      hint: 'Set both SOP_INTEGRATE_DNS_AWS_ACCESS_KEY_ID and SOP_INTEGRATE_DNS_AWS_SECRET_ACCESS_KEY, or neither to use the AWS credential chain (profile, SSO, OIDC role).',
    });
  }
  return {
    // Route 53 is a global service whose API lives in us-east-1.
    region: settings?.region ?? 'us-east-1',
    ...(settings?.hostedZoneIds ? { hostedZoneIds: settings.hostedZoneIds } : {}),
    ...(accessKeyId && secretAccessKey
      ? {
          credentials: {
            accessKeyId,
            secretAccessKey,
            ...(env.dnsAwsSessionToken ? { sessionToken: env.dnsAwsSessionToken } : {}),
          },
        }
      : {}),
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
