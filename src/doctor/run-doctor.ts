// `doctor`: can the tool do this runbook's work here? Configuration, a token for every API the
// runbook uses, and the identity's permissions and roles as granted in the tenant.
import type { TokenCredential } from '@azure/identity';
import type { Services } from '../services/services.ts';
import type { ToolConfig } from '../config/types.ts';
import { isSopError } from '../errors.ts';
import { checkDns } from './check-dns.ts';
import { checkIdentity, type Check } from './check-identity.ts';
import { checkSignInLog, SIGN_IN_LOG_PERMISSION } from './check-sign-in-log.ts';
import type { Requirements } from './requirements.ts';

const SCOPES = {
  graph: 'https://graph.microsoft.com/.default',
  exchange: 'https://outlook.office365.com/.default',
} as const;

async function tokenCheck(credential: TokenCredential, api: keyof typeof SCOPES): Promise<Check> {
  try {
    const token = await credential.getToken(SCOPES[api]);
    return token
      ? { ok: true, what: `token for ${api} (${SCOPES[api]})` }
      : {
          ok: false,
          what: `token for ${api}`,
          fix: 'the credential returned no token; check the credential settings',
        };
  } catch (error) {
    const message = isSopError(error)
      ? `${error.message}${error.hint ? ` (${error.hint})` : ''}`
      : String(error);
    return { ok: false, what: `token for ${api} (${SCOPES[api]})`, fix: message };
  }
}

export async function runDoctor(options: {
  config: ToolConfig;
  services: Services;
  credential: TokenCredential;
  requirements: Requirements;
  /** The mail domains to check at the DNS provider; undefined when no runbook touches DNS. */
  dnsDomains?: readonly string[];
}): Promise<Check[]> {
  const { config, requirements } = options;
  const checks: Check[] = [
    { ok: true, what: `configuration: tenant ${config.tenantId}, credential ${config.credential.kind}` },
  ];
  if (options.dnsDomains) checks.push(...(await checkDns(config, options.services, options.dnsDomains)));
  const graphToken = await tokenCheck(options.credential, 'graph');
  checks.push(graphToken);
  if (requirements.exchange.length > 0 || requirements.roles.length > 0) {
    checks.push(await tokenCheck(options.credential, 'exchange'));
  }
  if (!graphToken.ok) return checks;
  const clientId = config.credential.clientId;
  if (!clientId) {
    checks.push({
      ok: false,
      what: "the tool's app (client) id is known",
      fix: 'set credential.clientId in the config file or SOP_INTEGRATE_CLIENT_ID, so its grants can be checked',
    });
    return checks;
  }
  try {
    const graph = await options.services.graph();
    checks.push(...(await checkIdentity(graph, clientId, requirements)));
    if (requirements.graph.includes(SIGN_IN_LOG_PERMISSION))
      checks.push(await checkSignInLog(graph, new Date()));
  } catch (error) {
    const message = isSopError(error)
      ? `${error.message}${error.hint ? ` (${error.hint})` : ''}`
      : String(error);
    checks.push({ ok: false, what: 'read the tool identity’s grants from Microsoft Graph', fix: message });
  }
  return checks;
}
