// An Azure Key Vault in the sandbox, under /keyvault: the vault URL is `{sandbox}/keyvault` and
// its REST API speaks the real shapes (secret bundles, `{ error: { code, message } }`, a required
// api-version, bearer tokens for https://vault.azure.net).
import type { SandboxContext } from '../context.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../http/types.ts';
import { checkBearer } from '../identity/tokens.ts';
import { challenge, vaultError } from './errors.ts';
import { emptyKeyVault, KEY_VAULT_RESOURCE, type KeyVaultState } from './model.ts';
import { secretRoutes } from './secrets-routes.ts';

const PREFIX = '/keyvault';
const API_VERSION = /^7\.\d+(-preview)?$/;

export function keyVaultStateOf(ctx: SandboxContext): KeyVaultState {
  return (ctx.store.state.keyvault ??= emptyKeyVault());
}

export function createKeyVaultService(ctx: SandboxContext): EmulatedService {
  // A vault loaded from a state file holds values this process has not seen: redact them in logs too.
  for (const value of Object.values(keyVaultStateOf(ctx).values)) ctx.secrets.register(value);
  const routes = secretRoutes(
    ctx,
    () => keyVaultStateOf(ctx),
    () => `${ctx.baseUrl()}${PREFIX}`,
  );
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
  const secret = /^\/secrets\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  const deleted = /^\/deletedsecrets\/([^/]+)$/.exec(path);
  if (secret) {
    const [, name = '', version] = secret;
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
