// Graph's error shape: {error:{code, message, innerError:{date, request-id, client-request-id}}}.
// Handlers throw `graphFailure(...)` (a ServiceError) and the dispatcher renders it.
import { ServiceError, type ServiceFailureKind } from '../../../errors.ts';

export const GRAPH_SANDBOX = 'sandbox.graph';

function kindFor(status: number): ServiceFailureKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'unavailable';
  return 'bad-request';
}

export function graphFailure(status: number, code: string, message: string): ServiceError {
  return new ServiceError(GRAPH_SANDBOX, kindFor(status), message, { status, vendorCode: code });
}

export function notFound(id: string): ServiceError {
  return graphFailure(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function badRequest(message: string): ServiceError {
  return graphFailure(400, 'Request_BadRequest', message);
}

export function graphErrorBody(
  code: string,
  message: string,
  ids: { requestId: string; clientRequestId: string },
  innerCode?: string,
): unknown {
  const date = new Date().toISOString().replace(/\.\d+Z$/, '');
  return {
    error: {
      code,
      message,
      innerError: {
        ...(innerCode === undefined ? {} : { code: innerCode }),
        date,
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}

const FAULT_BODIES: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Please retry again later.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  502: ['BadGateway', 'The service received an invalid response.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry.'],
  504: ['GatewayTimeout', 'The gateway timed out.'],
};

/** Body for an injected status; 429 matches the throttling doc's example (code TooManyRequests, inner code "429"). */
export function graphFaultBody(status: number, ids: { requestId: string; clientRequestId: string }): unknown {
  const [code, message] = FAULT_BODIES[status] ?? ['UnknownError', `Injected status ${status}.`];
  return graphErrorBody(code, message, ids, String(status));
}
