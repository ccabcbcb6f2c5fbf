// The admin API's error shape (microsoft-api-notes §2.2 "Errors"): a JSON `error` object whose
// `details[].message` reads "<code>|<exception type>|<message>", an `innererror.internalException`
// with the same message, and the exception type in the `X-ExceptionType` header.
import { ServiceError, type ServiceFailureKind } from '../../../errors.ts';

export const EXCHANGE_SANDBOX = 'sandbox.exchange';

/** Exception types the emulated cmdlets raise, named as Exchange names them. */
export const EXCEPTIONS = {
  notFound: 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException',
  parameterBinding: 'System.Management.Automation.ParameterBindingException',
  argumentTransformation: 'System.Management.Automation.ParameterBindingArgumentTransformationException',
  validation: 'Microsoft.Exchange.Data.DataValidationException',
  alreadyExists: 'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException',
  taskArgument: 'Microsoft.Exchange.Configuration.Tasks.TaskArgumentException',
  commandNotFound: 'System.Management.Automation.CommandNotFoundException',
  unauthorized: 'System.UnauthorizedAccessException',
  throttled: 'Microsoft.Exchange.Admin.OData.Core.ThrottlingException',
  server: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException',
} as const;

function kindFor(status: number): ServiceFailureKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'unavailable';
  return 'bad-request';
}

/** What a cmdlet handler throws; the service renders it as the admin API's error body. */
export function exoFailure(status: number, exceptionType: string, message: string): ServiceError {
  return new ServiceError(EXCHANGE_SANDBOX, kindFor(status), message, { status, vendorCode: exceptionType });
}

export function notFoundFailure(identity: string, tenantName: string): ServiceError {
  return exoFailure(
    404,
    EXCEPTIONS.notFound,
    `The operation couldn't be performed because object '${identity}' couldn't be found on '${tenantName}'.`,
  );
}

export function invalid(message: string): ServiceError {
  return exoFailure(400, EXCEPTIONS.validation, message);
}

const CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** A short stable code like the "Ex6F9304" prefix real answers carry. */
function shortCode(exceptionType: string): string {
  let hash = 0;
  for (const char of exceptionType) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return `Ex${(hash & 0xffffff).toString(16).toUpperCase().padStart(6, '0')}`;
}

export function exoErrorBody(status: number, exceptionType: string, message: string): unknown {
  const code = shortCode(exceptionType);
  return {
    error: {
      code: CODES[status] ?? 'BadRequest',
      message,
      details: [{ code, target: '', message: `${code}|${exceptionType}|${message}` }],
      innererror: {
        message,
        type: EXCEPTIONS.server,
        internalException: { message, type: exceptionType },
      },
    },
  };
}

/** The message the admin API sends when a tenant runs too many commands at once (§2.2 "Retries"). */
export const CONCURRENCY_MESSAGE =
  'You have reached the maximum number of concurrent requests per tenant. Please wait and try again';

/** Bodies for injected statuses. 500 plays the tenant concurrency limit, which clients must retry. */
export function exoFaultBody(status: number): { body: unknown; exceptionType: string } {
  if (status === 500) {
    return {
      body: exoErrorBody(500, EXCEPTIONS.throttled, CONCURRENCY_MESSAGE),
      exceptionType: EXCEPTIONS.throttled,
    };
  }
  if (status === 429) {
    const message = 'Too many requests. Please retry after the time given in Retry-After.';
    return { body: exoErrorBody(429, EXCEPTIONS.throttled, message), exceptionType: EXCEPTIONS.throttled };
  }
  const message = `The service is unavailable (injected status ${status}).`;
  return { body: exoErrorBody(status, EXCEPTIONS.server, message), exceptionType: EXCEPTIONS.server };
}
