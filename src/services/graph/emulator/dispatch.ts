// One Graph call: authenticate the bearer token, route, check app roles, run the handler, and
// render thrown failures in Graph's error shape. Used by the HTTP service and by $batch.
import { isSopError, ServiceError } from '../../../errors.ts';
import { checkBearer } from '../../../sandbox/identity/tokens.ts';
import { GRAPH_RESOURCE } from '../../../sandbox/seed/first-party-roles.ts';
import { GRAPH_SANDBOX, graphErrorBody } from './errors.ts';
import { checkRequestBody } from './request-check.ts';
import type { GraphCall, GraphDeps, GraphResult, GraphRouter } from './types.ts';

export type UnauthenticatedCall = Omit<GraphCall, 'token'>;

const TOKEN_FAILURES = {
  missing: 'Access token is empty.',
  invalid: 'IDX14100: JWT is not well formed, there are no dots (.).',
  expired: 'Lifetime validation failed, the token is expired.',
  'wrong-audience': 'Access token validation failure. Invalid audience.',
} as const;

export function errorResult(
  call: UnauthenticatedCall,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): GraphResult {
  return {
    status,
    headers,
    body: graphErrorBody(code, message, { requestId: call.requestId, clientRequestId: call.clientRequestId }),
  };
}

export function dispatchGraph(deps: GraphDeps, router: GraphRouter, call: UnauthenticatedCall): GraphResult {
  const auth = checkBearer(deps.ctx, call.headers.authorization, GRAPH_RESOURCE);
  if (!auth.ok) {
    return errorResult(call, 401, 'InvalidAuthenticationToken', TOKEN_FAILURES[auth.reason], {
      'www-authenticate': `Bearer realm="", authorization_uri="${deps.ctx.baseUrl()}/login/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    });
  }
  const match = router.match(call.method, call.path);
  if (match === 'method-not-allowed') {
    return errorResult(
      call,
      405,
      'Request_BadRequest',
      'Specified HTTP method is not allowed for the request target.',
    );
  }
  if (match === undefined) {
    const segment =
      call.path
        .split('/')
        .filter((s) => s !== '')
        .pop() ?? '';
    return errorResult(call, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  }
  if (!match.meta.roles.some((role) => auth.token.roles.includes(role))) {
    return errorResult(
      call,
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
  const requestType = match.meta.requestType;
  try {
    if (!['GET', 'DELETE'].includes(call.method.toUpperCase()))
      checkRequestBody(call.path, requestType, call.body);
    const result = match.handler({ ...call, token: auth.token }, match.params);
    return {
      ...result,
      graphTypes: { ...(requestType === undefined ? {} : { request: requestType }), ...result.graphTypes },
    };
  } catch (error) {
    if (error instanceof ServiceError && error.service === GRAPH_SANDBOX) {
      const result = errorResult(
        call,
        error.details.status ?? 400,
        error.details.vendorCode ?? 'BadRequest',
        error.message,
      );
      return requestType === undefined ? result : { ...result, graphTypes: { request: requestType } };
    }
    const message = isSopError(error) || error instanceof Error ? error.message : String(error);
    return errorResult(call, 500, 'InternalServerError', `Sandbox failure: ${message}`);
  }
}
