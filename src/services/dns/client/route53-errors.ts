// Maps what the AWS SDK throws to the project's error types. The raw SDK error is never passed
// on (not even as `cause`): its message and metadata are read, sanitised and re-worded here.
import {
  InputError,
  RefusedError,
  ServiceError,
  type ServiceFailureKind,
  type SopError,
  isSopError,
} from '../../../errors.ts';
import type { Redactor } from '../../../redact.ts';
import { kindForStatus, sanitizeText } from '../../../core/http/index.ts';

export const ROUTE53_PERMISSIONS =
  'route53:ListHostedZonesByName, route53:ListResourceRecordSets, route53:ChangeResourceRecordSets and route53:GetChange';

const CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'CredentialsProviderError',
]);
const THROTTLING_CODES = new Set(['Throttling', 'ThrottlingException', 'PriorRequestNotComplete']);

interface SdkErrorView {
  name: string;
  message: string;
  status: number | undefined;
  requestId: string | undefined;
  code: string | undefined;
}

function view(error: unknown): SdkErrorView {
  const e = (error ?? {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    status: typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined,
    requestId: typeof e.$metadata?.requestId === 'string' ? e.$metadata.requestId : undefined,
    code: typeof e.code === 'string' ? e.code : undefined,
  };
}

/** The vendor's error code (the SDK names the error after it). */
export function route53ErrorCode(error: unknown): string {
  return view(error).name;
}

function kindOf(e: SdkErrorView): ServiceFailureKind {
  if (CREDENTIAL_CODES.has(e.name)) return 'auth';
  if (e.name === 'AccessDenied' || e.name === 'AccessDeniedException' || e.status === 403) return 'forbidden';
  if (THROTTLING_CODES.has(e.name) || e.status === 429) return 'throttled';
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT' || e.name === 'RequestTimeout') return 'timeout';
  // No HTTP answer at all (refused, reset, DNS failure): the network, whatever the code.
  if (e.status === undefined) return 'network';
  return kindForStatus(e.status);
}

function hintOf(kind: ServiceFailureKind, operation: string): string {
  switch (kind) {
    case 'auth':
      return 'Check the AWS credentials (SOP_INTEGRATE_DNS_AWS_ACCESS_KEY_ID / _SECRET_ACCESS_KEY, or the profile, SSO session or role of the AWS credential chain): they are missing, wrong, inactive or expired.';
    case 'forbidden':
      return `The AWS identity lacks permission for ${operation}; grant it ${ROUTE53_PERMISSIONS} on the hosted zone, then run again.`;
    case 'throttled':
      return 'Route 53 is still throttling after retries (it allows 5 requests per second per account); try again in a minute.';
    case 'unavailable':
      return 'Route 53 failed after retries; try again later, and quote the request id to AWS support if it persists.';
    case 'network':
      return 'Could not reach Route 53; check network access, proxy and the Route 53 endpoint in the config.';
    case 'timeout':
      return 'Route 53 did not answer in time; try again later.';
    case 'not-found':
      return `What ${operation} refers to does not exist (any more); re-plan to see the current state.`;
    default:
      return `Route 53 rejected ${operation}; check the values in the runbook.`;
  }
}

/** Any failure of one SDK call, as a project error; the hosted zone id names what was asked for. */
export function mapRoute53Error(
  error: unknown,
  operation: string,
  redactor: Redactor,
  hostedZone?: string,
): SopError {
  if (isSopError(error)) return error;
  const e = view(error);
  const said = sanitizeText(e.message, redactor);
  if (e.name === 'NoSuchHostedZone') {
    const which = hostedZone === undefined ? '' : ` ${hostedZone}`;
    return new InputError(`Route 53 has no hosted zone${which} for this account: ${said}`, [], {
      hint: 'Check dns.route53.hostedZoneIds in the config (or remove the entry to look the zone up by name), and that the AWS credentials belong to the account that holds the zone.',
    });
  }
  const kind = kindOf(e);
  const status = e.status === undefined ? '' : ` with ${e.status}`;
  return new ServiceError(
    'dns',
    kind,
    `Route 53 ${operation} failed${status} ${e.name}: ${said}`,
    {
      operation: `route53.${operation}`,
      vendorCode: e.name,
      ...(e.status === undefined ? {} : { status: e.status }),
      ...(e.requestId ? { requestId: e.requestId } : {}),
    },
    { hint: hintOf(kind, operation) },
  );
}

/** A guarded write found the set changed since it was read: nothing was changed. */
export function changedWhileEditing(what: string, redactor: Redactor, error: unknown): RefusedError {
  return new RefusedError(
    'REFUSED_CHANGED',
    `${what} changed while sop-integrate was editing it; Route 53 refused the change batch, so nothing was changed (${sanitizeText(view(error).message, redactor)})`,
    {
      hint: 'Someone else edited the record set at the same time; re-run to re-plan against the current records.',
    },
  );
}
