// Doctor's DNS checks for runbooks that touch DNS: a provider is configured, and it can read the
// MX of every mail domain the config names — which proves the provider's credentials, its access
// to each zone (the right Cloudflare account, Azure resource group or Route 53 hosted zone) and
// that the authoritative servers answer, before a change window rather than in it.
import type { Services } from '../services/services.ts';
import type { ToolConfig } from '../config/types.ts';
import { isSopError } from '../errors.ts';
import type { Check } from './check-identity.ts';

function failure(error: unknown): string {
  return isSopError(error) ? `${error.message}${error.hint ? ` (${error.hint})` : ''}` : String(error);
}

export async function checkDns(
  config: ToolConfig,
  services: Services,
  domains: readonly string[],
): Promise<Check[]> {
  if (!config.dns) {
    return [
      {
        ok: false,
        what: 'a DNS provider is configured',
        fix: 'add `dns: { provider: cloudflare | azure | route53 | manual }` to the config file',
      },
    ];
  }
  let dns: Awaited<ReturnType<Services['dns']>>;
  try {
    dns = await services.dns();
  } catch (error) {
    return [{ ok: false, what: `DNS provider ${config.dns.provider}`, fix: failure(error) }];
  }
  const how = dns.provider.writable
    ? `through ${dns.provider.kind}`
    : 'at the authoritative servers (manual provider: an operator makes the changes)';
  if (domains.length === 0) {
    return [
      {
        ok: false,
        what: `DNS provider ${dns.provider.kind} reads the mail domains' zones`,
        fix: 'set inputs.domains in the config file so doctor can check each zone',
      },
    ];
  }
  return Promise.all(
    domains.map(async (domain): Promise<Check> => {
      try {
        const mx = await dns.provider.getMx(domain, domain);
        const found = mx.records.length === 0 ? 'no MX records' : `${mx.records.length} MX, TTL ${mx.ttl} s`;
        return { ok: true, what: `DNS: reads the MX of ${domain} ${how} (${found})` };
      } catch (error) {
        return { ok: false, what: `DNS: read the MX of ${domain} ${how}`, fix: failure(error) };
      }
    }),
  );
}
