// The PoD admin-portal pages that have no API, as the sandbox's stand-in for the operator's
// clicks: `PUT /proofpoint/_portal/{directory-sync|trap}` saves what the operator enters, and
// Proofpoint then "tests the connection" with a real client-credentials grant against the
// sandbox's Entra endpoint — which is what leaves the app's sign-in in auditLogs/signIns.
// Outside the sandbox this path does not exist; only a person can change these pages.
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import type { PortalSettingRecord } from './model.ts';
import { proofpointStateOf } from './state.ts';

const PAGES: Record<string, { displayName: string; scope: string }> = {
  'directory-sync': {
    displayName: 'User Management > Import/Sync > Directory Sync (Azure AD)',
    scope: 'https://graph.microsoft.com/.default',
  },
  trap: {
    displayName: 'Threat Response > Microsoft 365 source (setup wizard)',
    scope: 'https://graph.microsoft.com/.default',
  },
};

async function testConnection(
  ctx: SandboxContext,
  tenantId: string,
  appId: string,
  secret: string,
  scope: string,
): Promise<string | undefined> {
  const response = await fetch(`${ctx.baseUrl()}/login/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: appId,
      client_secret: secret,
      scope,
    }).toString(),
  });
  if (response.ok) return undefined;
  const body = (await response.json().catch(() => ({}))) as { error_description?: string };
  return body.error_description ?? `token endpoint answered ${response.status}`;
}

export function portalRoutes(ctx: SandboxContext) {
  return async function handle(request: SandboxRequest, page: string): Promise<SandboxReply> {
    const spec = PAGES[page];
    if (!spec) return { status: 404, body: { error: `No portal page ${page}` } };
    const portal = proofpointStateOf(ctx.store.state).portal;
    if (request.method === 'GET')
      return portal[page]
        ? { status: 200, body: portal[page] }
        : { status: 404, body: { error: 'not configured' } };
    if (request.method === 'DELETE') {
      const existed = portal[page] !== undefined;
      delete portal[page];
      return { status: existed ? 204 : 404, mutated: existed };
    }
    if (request.method !== 'PUT') return { status: 405, body: { error: 'Method not allowed' } };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.rawBody) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { error: 'body is not JSON' } };
    }
    const { appId, tenantId, clientSecret, settings } = body;
    if (typeof appId !== 'string' || typeof tenantId !== 'string' || typeof clientSecret !== 'string')
      return { status: 400, body: { error: 'appId, tenantId and clientSecret are required' } };
    const failed = await testConnection(ctx, tenantId, appId, clientSecret, spec.scope);
    if (failed) return { status: 400, body: { error: `Test connection failed: ${failed}` } };
    const record: PortalSettingRecord = {
      id: page as PortalSettingRecord['id'],
      displayName: spec.displayName,
      appId,
      tenantId,
      settings: Object.fromEntries(
        Object.entries((settings ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      ),
    };
    portal[page] = record;
    return {
      status: 200,
      body: record,
      mutated: true,
      loggedRequestBody: { appId, tenantId, clientSecret: '[redacted]', settings },
    };
  };
}
