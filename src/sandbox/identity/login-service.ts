// Entra ID's sign-in endpoints under /login (the sandbox's authority host is `{url}/login`):
// the v2.0 token endpoint (client-credentials grant, with a client secret or a certificate's signed
// assertion), the tenant's OpenID Connect metadata, which MSAL reads before its first token
// request, and instance discovery. Errors carry the AADSTS body a real tenant sends.
import type { SandboxContext } from '../context.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../http/types.ts';
import { seededUuid, sha256Hex } from '../ids.ts';
import { EXCHANGE_RESOURCE, GRAPH_RESOURCE } from '../seed/first-party-roles.ts';
import { KEY_VAULT_RESOURCE } from '../keyvault/model.ts';
import { ARM_RESOURCE } from '../../services/dns/emulator/azure-arm.ts';
import type { ApplicationRecord, ServicePrincipalRecord } from '../state/model.ts';
import { aadstsError } from './aadsts.ts';
import { checkClientAssertion, JWT_BEARER_ASSERTION_TYPE } from './client-assertion.ts';
import { issueToken, TOKEN_LIFETIME_SECONDS } from './tokens.ts';

const TOKEN_PATH = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/;
const OPENID_PATH = /^\/login\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const DISCOVERY_PATH = /^\/login\/common\/discovery\/instance$/;

/** Resource identifiers a `.default` scope may name, mapped to the canonical audience. */
const RESOURCES: Record<string, string> = {
  'https://graph.microsoft.com': GRAPH_RESOURCE,
  '00000003-0000-0000-c000-000000000000': GRAPH_RESOURCE,
  'https://outlook.office365.com': EXCHANGE_RESOURCE,
  'https://outlook.office.com': EXCHANGE_RESOURCE,
  '00000002-0000-0ff1-ce00-000000000000': EXCHANGE_RESOURCE,
  // Key Vault authorizes by access policy or Azure RBAC, not app roles: its tokens carry no roles.
  'https://vault.azure.net': KEY_VAULT_RESOURCE,
  'cfa8b339-82a2-471a-a3c9-0fc0be7a4093': KEY_VAULT_RESOURCE,
  // Azure Resource Manager (Azure DNS) authorizes by Azure RBAC: its tokens carry no roles either.
  'https://management.azure.com': ARM_RESOURCE,
  'https://management.core.windows.net': ARM_RESOURCE,
  '797f4846-ba00-4fd7-ba43-dac1f8f63013': ARM_RESOURCE,
};

/** Resources that need no service principal in the tenant: they authorize outside app roles. */
const ROLELESS_RESOURCES = new Set([KEY_VAULT_RESOURCE, ARM_RESOURCE]);

export function createLoginService(ctx: SandboxContext): EmulatedService {
  return {
    name: 'login',
    handle: async (request) => handleLogin(ctx, request),
    faultReply: (_request, status, retryAfterSeconds) => {
      const headers: Record<string, string> =
        retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
      return status === 429
        ? aadstsError(
            429,
            'temporarily_unavailable',
            50196,
            'The server temporarily blocked requests from this client.',
            headers,
          )
        : aadstsError(
            status,
            'temporarily_unavailable',
            90033,
            'A transient error has occurred. Please try again.',
            headers,
          );
    },
  };
}

function handleLogin(ctx: SandboxContext, request: SandboxRequest): SandboxReply {
  const openId = OPENID_PATH.exec(request.path);
  if (openId && request.method === 'GET') return openIdConfiguration(ctx, decodeURIComponent(openId[1]!));
  if (DISCOVERY_PATH.test(request.path) && request.method === 'GET') return instanceDiscovery(ctx, request);
  const m = TOKEN_PATH.exec(request.path);
  if (!m)
    return {
      status: 404,
      body: { error: 'not_found', error_description: `No sandbox login route ${request.path}` },
    };
  if (request.method !== 'POST') {
    return aadstsError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
  }
  const form = new URLSearchParams(request.rawBody);
  const loggedRequestBody = Object.fromEntries(
    [...form.entries()].map(([k, v]) => [
      k,
      k === 'client_secret' || k === 'client_assertion' ? '[REDACTED]' : v,
    ]),
  );
  const reply = grantToken(ctx, decodeURIComponent(m[1]!), form);
  return { ...reply, loggedRequestBody };
}

function isKnownTenant(ctx: SandboxContext, tenant: string): boolean {
  const { state } = ctx.store;
  return tenant === state.tenant.id || state.tenant.verifiedDomains.some((d) => d.name === tenant);
}

function tenantNotFound(tenant: string): SandboxReply {
  return aadstsError(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

/**
 * GET {authority}/{tenant}/v2.0/.well-known/openid-configuration: the tenant's metadata, with its
 * endpoints resolved to the tenant id (Microsoft Learn, "OpenID Connect on the Microsoft identity
 * platform", "Find your app's OpenID configuration document URI").
 */
function openIdConfiguration(ctx: SandboxContext, tenant: string): SandboxReply {
  if (!isKnownTenant(ctx, tenant)) return tenantNotFound(tenant);
  const authority = `${ctx.baseUrl()}/login/${ctx.store.state.tenant.id}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${ctx.baseUrl()}/login/${ctx.store.state.tenant.id}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${authority}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'tid', 'ver', 'oid'],
      kerberos_endpoint: `${authority}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    },
  };
}

/**
 * GET /common/discovery/instance?api-version=1.1&authorization_endpoint=...: which hosts are
 * aliases of one cloud. The sandbox is a cloud of one host; MSAL asks this of an authority it does
 * not know unless instance discovery is disabled.
 */
function instanceDiscovery(ctx: SandboxContext, request: SandboxRequest): SandboxReply {
  const host = new URL(ctx.baseUrl()).host;
  const endpoint = request.query.get('authorization_endpoint');
  const tenant =
    endpoint === null
      ? 'common'
      : (/\/login\/([^/]+)\/oauth2\//.exec(new URL(endpoint, ctx.baseUrl()).pathname)?.[1] ?? 'common');
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${ctx.baseUrl()}/login/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}

function grantToken(ctx: SandboxContext, tenant: string, form: URLSearchParams): SandboxReply {
  const { state } = ctx.store;
  if (!isKnownTenant(ctx, tenant)) return tenantNotFound(tenant);
  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') {
    return aadstsError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  }
  const clientId = form.get('client_id') ?? '';
  const app = Object.values(state.directory.applications).find((a) => a.appId === clientId);
  if (!app) {
    return aadstsError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${state.tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (assertion !== null && assertion !== '') {
    if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE) {
      return aadstsError(
        400,
        'invalid_request',
        50012,
        `Client assertion type must be '${JWT_BEARER_ASSERTION_TYPE}'.`,
      );
    }
    const rejected = checkClientAssertion({
      app,
      clientId,
      assertion,
      audiences: [tenant, state.tenant.id].map((t) => `${ctx.baseUrl()}/login/${t}/oauth2/v2.0/token`),
      now: ctx.now(),
    });
    if (rejected) return rejected;
  } else if (secret === null || secret === '') {
    return aadstsError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  } else if (!secretMatches(ctx, app, secret)) {
    return aadstsError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }
  const scope = form.get('scope');
  if (scope === null || scope.trim() === '') {
    return aadstsError(
      400,
      'invalid_request',
      90014,
      "The required field 'scope' is missing from the credential.",
    );
  }
  const scopeMatch = /^(.+)\/\.default$/.exec(scope.trim());
  if (!scopeMatch) {
    return aadstsError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const resource = RESOURCES[scopeMatch[1]!.replace(/\/$/, '')];
  const resourcePrincipal = resource === undefined ? undefined : principalFor(ctx, resource);
  if (resource === undefined || (resourcePrincipal === undefined && !ROLELESS_RESOURCES.has(resource))) {
    return aadstsError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${scopeMatch[1]} was not found in the tenant named ${state.tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  const client = Object.values(state.directory.servicePrincipals).find((sp) => sp.appId === clientId);
  if (!client) {
    return aadstsError(
      400,
      'invalid_client',
      7000229,
      `The client application ${clientId} is missing service principal in the tenant ${state.tenant.id}.`,
    );
  }
  const roles = resourcePrincipal ? grantedRoles(ctx, client, resourcePrincipal) : [];
  const accessToken = issueToken(ctx, clientId, resource, roles);
  recordSignIn(ctx, client, resourcePrincipal);
  return {
    status: 200,
    mutated: true,
    body: {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: accessToken,
    },
  };
}

function secretMatches(ctx: SandboxContext, app: ApplicationRecord, secret: string): boolean {
  const hash = sha256Hex(secret);
  const now = ctx.now();
  return app.passwordCredentials.some((cred) => {
    const stored = ctx.store.state.identity.secretHashes[cred.keyId];
    return (
      stored?.sha256 === hash &&
      Date.parse(cred.endDateTime) > now &&
      Date.parse(cred.startDateTime) <= now + 300_000
    );
  });
}

function principalFor(ctx: SandboxContext, resource: string): ServicePrincipalRecord | undefined {
  return Object.values(ctx.store.state.directory.servicePrincipals).find((sp) =>
    sp.servicePrincipalNames.includes(resource),
  );
}

function grantedRoles(
  ctx: SandboxContext,
  client: ServicePrincipalRecord,
  resource: ServicePrincipalRecord,
): string[] {
  const values: string[] = [];
  for (const a of Object.values(ctx.store.state.directory.appRoleAssignments)) {
    if (a.principalId !== client.id || a.resourceId !== resource.id) continue;
    const role = resource.appRoles.find((r) => r.id === a.appRoleId);
    if (role) values.push(role.value);
  }
  return values.sort();
}

/** A client-credentials grant is a service principal sign-in: record it as evidence. */
export function recordSignIn(
  ctx: SandboxContext,
  client: ServicePrincipalRecord,
  resource: ServicePrincipalRecord | undefined,
): void {
  const label = ctx.store.nextLabel();
  const id = seededUuid(ctx.store.state.seed, `signin:${label}`);
  ctx.store.state.directory.signIns[id] = {
    id,
    createdDateTime: new Date(ctx.now()).toISOString(),
    appId: client.appId,
    appDisplayName: client.displayName,
    clientAppUsed: 'Client credentials',
    correlationId: seededUuid(ctx.store.state.seed, `correlation:${label}`),
    ipAddress: '127.0.0.1',
    isInteractive: false,
    resourceDisplayName: resource?.displayName ?? 'Microsoft Graph',
    resourceId: resource?.appId ?? '00000003-0000-0000-c000-000000000000',
    servicePrincipalId: client.id,
    status: { errorCode: 0, failureReason: null, additionalDetails: null },
    // Client credentials: a service-principal sign-in, listed only by beta with this event type.
    signInEventTypes: ['servicePrincipal'],
  };
}
