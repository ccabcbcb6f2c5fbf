// An Azure Key Vault in the sandbox. A vault is a host of its own (`https://<name>.vault.azure.net/
// secrets/...`; the SDK parses ids as exactly that), so the sandbox serves it on a second loopback
// HTTPS listener whose root is this service (requests reach it under /keyvault). Its REST API speaks
// the real shapes (secret bundles, `{ error: { code, message } }`, a required
// api-version, bearer tokens for https://vault.azure.net).
import type { SandboxContext } from '../context.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../http/types.ts';
import { checkBearer } from '../identity/tokens.ts';
import { challenge, vaultError } from './errors.ts';
import { emptyKeyVault, KEY_VAULT_RESOURCE, type KeyVaultState } from './model.ts';
import { secretRoutes } from './secrets-routes.ts';

const PREFIX = '/keyvault';
/**
 * The Key Vault data-plane versions (Microsoft Learn, "Azure Key Vault REST API reference",
 * versions): 7.0 to 7.6, then date-named ones (2025-07-01, 2026-04-01; SDK 4.12 sends the latter).
 */
const API_VERSION = /^(7\.[0-6](-preview)?|2025-07-01|2026-04-01)$/;

export function keyVaultStateOf(ctx: SandboxContext): KeyVaultState {
  return (ctx.store.state.keyvault ??= emptyKeyVault());
}

/** `vaultUrl`: the vault listener's root URL, known once it listens. */
export function createKeyVaultService(ctx: SandboxContext, vaultUrl: () => string): EmulatedService {
  // A vault loaded from a state file holds values this process has not seen: redact them in logs too.
  for (const value of Object.values(keyVaultStateOf(ctx).values)) ctx.secrets.register(value);
  const routes = secretRoutes(ctx, () => keyVaultStateOf(ctx), vaultUrl);
  return {
    name: 'keyvault',
    handle: async (request) => handle(ctx, routes, request),
    faultReply: (_request, status, retryAfterSeconds) => {
      const headers: Record<string, string> = {};
      if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
      const code = status === 429 ? 'Throttled' : 'ServiceUnavailable';
      return { ...vaultError(status, code, 'Request was not processed'), headers };
    },
  };
}

function handle(
  ctx: SandboxContext,
  routes: ReturnType<typeof secretRoutes>,
  request: SandboxRequest,
): SandboxReply {
  const tenantId = ctx.store.state.tenant.id;
  const auth = checkBearer(ctx, request.headers.authorization, KEY_VAULT_RESOURCE);
  if (!auth.ok) {
    const why = {
      missing: 'AKV10000: Request is missing a Bearer or PoP token.',
      invalid: 'AKV10032: Invalid issuer or token.',
      expired: 'AKV10032: Token expired.',
      'wrong-audience': `AKV10022: Invalid audience. Expected ${KEY_VAULT_RESOURCE}.`,
    }[auth.reason];
    return challenge(tenantId, why);
  }
  const apiVersion = request.query.get('api-version');
  if (apiVersion === null || apiVersion === '')
    return vaultError(400, 'BadParameter', 'The api-version query parameter is missing.');
  if (!API_VERSION.test(apiVersion))
    return vaultError(400, 'BadParameter', `The specified version (${apiVersion}) is not recognized.`);
  const path = request.path.slice(PREFIX.length);
  // GET /secrets/{name}/ (empty version, as the SDK sends it) is the current version.
  const secret = /^\/secrets\/([^/]+)(?:\/([^/]*))?$/.exec(path);
  const deleted = /^\/deletedsecrets\/([^/]+)$/.exec(path);
  if (secret) {
    const [, name = ''] = secret;
    const version = secret[2] === '' ? undefined : secret[2];
    if (request.method === 'PUT' && version === undefined) return routes.setSecret(request, name);
    if (request.method === 'GET') return routes.getSecret(name, version);
    if (request.method === 'DELETE' && version === undefined) return routes.deleteSecret(name);
  } else if (deleted) {
    const [, name = ''] = deleted;
    if (request.method === 'GET') return routes.getDeletedSecret(name);
    if (request.method === 'DELETE') return routes.purgeDeletedSecret(name);
  } else {
    return vaultError(404, 'NotFound', `No Key Vault resource at ${request.path}`);
  }
  return vaultError(405, 'MethodNotAllowed', `${request.method} is not allowed on ${request.path}`);
}
