// The Microsoft Graph v1.0 emulator, served under /graph/v1.0.
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../../errors.ts';
import type { SandboxContext } from '../../../sandbox/context.ts';
import { Router } from '../../../sandbox/http/router.ts';
import { checkBearer } from '../../../sandbox/identity/tokens.ts';
import { GRAPH_RESOURCE } from '../../../sandbox/seed/first-party-roles.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import { runBatch } from './batch.ts';
import { dispatchGraph, errorResult, type UnauthenticatedCall } from './dispatch.ts';
import { GRAPH_SANDBOX, graphFaultBody } from './errors.ts';
import { registerAppRoleAssignmentRoutes } from './routes-app-role-assignments.ts';
import { registerApplicationRoutes } from './routes-applications.ts';
import { registerDeletedItemRoutes } from './routes-deleted-items.ts';
import { registerDirectoryReadRoutes } from './routes-directory-reads.ts';
import { registerMessageTraceRoutes } from './routes-message-traces.ts';
import { registerIntuneRoutes } from './intune/index.ts';
import { registerPasswordRoutes } from './routes-passwords.ts';
import { registerRoleManagementRoutes } from './routes-role-management.ts';
import { registerServicePrincipalRoutes } from './routes-service-principals.ts';
import type { GraphDeps, GraphHandler, GraphResult, GraphRouteMeta } from './types.ts';
import { parseJsonBody } from './validate.ts';

const PREFIX = '/graph/v1.0';
/** Beta calls (Intune reports that exist only in beta) are routed as `/beta/...` paths. */
const BETA_PREFIX = '/graph/beta';

function clientRequestId(request: SandboxRequest): string {
  return request.headers['client-request-id'] ?? randomUUID();
}

export function createGraphService(ctx: SandboxContext): EmulatedService {
  const deps: GraphDeps = { ctx, graphUrl: () => `${ctx.baseUrl()}${PREFIX}` };
  const router = new Router<GraphHandler, GraphRouteMeta>();
  registerApplicationRoutes(router, deps);
  registerPasswordRoutes(router, deps);
  registerServicePrincipalRoutes(router, deps);
  registerAppRoleAssignmentRoutes(router, deps);
  registerDeletedItemRoutes(router, deps);
  registerRoleManagementRoutes(router, deps);
  registerDirectoryReadRoutes(router, deps);
  registerMessageTraceRoutes(router, deps);
  registerIntuneRoutes(router, deps);

  const toReply = (
    request: SandboxRequest,
    call: UnauthenticatedCall,
    result: GraphResult,
  ): SandboxReply => ({
    status: result.status,
    headers: {
      'request-id': request.requestId,
      'client-request-id': call.clientRequestId,
      ...result.headers,
    },
    body: result.body,
    mutated: result.mutated === true,
    loggedRequestBody: call.body,
    ...(result.graphTypes === undefined ? {} : { graphTypes: result.graphTypes }),
  });

  return {
    name: 'graph',
    async handle(request) {
      const call: UnauthenticatedCall = {
        method: request.method,
        path: request.path.startsWith(`${PREFIX}/`)
          ? request.path.slice(PREFIX.length)
          : request.path.startsWith(`${BETA_PREFIX}/`)
            ? `/beta${request.path.slice(BETA_PREFIX.length)}`
            : request.path,
        query: request.query,
        headers: request.headers,
        body: undefined,
        requestId: request.requestId,
        clientRequestId: clientRequestId(request),
      };
      if (!request.path.startsWith(`${PREFIX}/`) && !request.path.startsWith(`${BETA_PREFIX}/`)) {
        return toReply(
          request,
          call,
          errorResult(call, 400, 'BadRequest', `Invalid version: the sandbox serves ${PREFIX} only.`),
        );
      }
      try {
        call.body = parseJsonBody(request.rawBody);
      } catch (error) {
        if (error instanceof ServiceError && error.service === GRAPH_SANDBOX) {
          return toReply(
            request,
            call,
            errorResult(call, 400, error.details.vendorCode ?? 'BadRequest', error.message),
          );
        }
        throw error;
      }
      if (call.path === '/$batch' && request.method === 'POST') {
        // The batch itself needs a valid token; dispatching it renders the 401 when it has none.
        const auth = checkBearer(ctx, request.headers.authorization, GRAPH_RESOURCE);
        if (!auth.ok) return toReply(request, call, dispatchGraph(deps, router, call));
        return toReply(request, call, await runBatch(deps, router, call));
      }
      return toReply(request, call, dispatchGraph(deps, router, call));
    },
    faultReply(request, status, retryAfterSeconds) {
      const ids = { requestId: request.requestId, clientRequestId: clientRequestId(request) };
      return {
        status,
        headers: {
          'request-id': ids.requestId,
          'client-request-id': ids.clientRequestId,
          ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
        },
        body: graphFaultBody(status, ids),
      };
    },
  };
}
