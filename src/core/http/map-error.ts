// Turns a failed HTTP call into the closed error taxonomy, with a hint that says what to fix.
import { ServiceError, type ServiceFailureKind } from '../../errors.ts';
import type { Redactor } from '../../redact.ts';
import { sanitizeText } from './sanitize.ts';

/** What a vendor said about a failure, pulled out of its own error body shape. */
export interface VendorErrorInfo {
  code?: string;
  message?: string;
  requestId?: string;
}

export interface FailureContext {
  service: string;
  operation: string;
  method: string;
  /** Path without host or query, so no secret in a query string reaches the message. */
  path: string;
  attempts: number;
  redactor: Redactor;
  /** The permission or role an operation needs, for 403 hints (e.g. "Application.ReadWrite.All"). */
  permissionHint?: (operation: string) => string | undefined;
}

export function kindForStatus(status: number): ServiceFailureKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad-request';
}

function hintFor(kind: ServiceFailureKind, ctx: FailureContext): string {
  switch (kind) {
    case 'auth':
      return `Check the ${ctx.service} credential (tenant id, client id, secret or certificate): it is missing, expired or for another tenant.`;
    case 'forbidden': {
      const needed = ctx.permissionHint?.(ctx.operation);
      return needed
        ? `The identity running the tool lacks ${needed} for ${ctx.operation}; grant it (with admin consent) and run again.`
        : `The identity running the tool lacks a permission or role for ${ctx.operation}; grant it and run again.`;
    }
    case 'not-found':
      return `The object ${ctx.operation} refers to does not exist (any more); check the id or name, or re-plan.`;
    case 'conflict':
      return `The object ${ctx.operation} writes conflicts with an existing one; re-plan to see the current state.`;
    case 'throttled':
      return `${ctx.service} is still throttling after ${ctx.attempts} attempt(s); try again later or lower concurrency.`;
    case 'unavailable':
      return `${ctx.service} failed after ${ctx.attempts} attempt(s); try again later, and quote the request id to support if it persists.`;
    case 'network':
      return `Could not reach ${ctx.service}; check network access, proxy and the endpoint URL in the config.`;
    case 'timeout':
      return `${ctx.service} did not answer in time; try again later or raise the timeout.`;
    case 'bad-request':
      return `${ctx.service} rejected the request for ${ctx.operation}; check the values in the runbook.`;
  }
}

export function serviceErrorFromResponse(
  ctx: FailureContext,
  status: number,
  vendor: VendorErrorInfo,
): ServiceError {
  const kind = kindForStatus(status);
  const said = vendor.message ? `: ${sanitizeText(vendor.message, ctx.redactor)}` : '';
  const code = vendor.code ? ` ${vendor.code}` : '';
  const message = `${ctx.service} ${ctx.operation} (${ctx.method} ${ctx.path}) failed with ${status}${code}${said}`;
  return new ServiceError(
    ctx.service,
    kind,
    message,
    {
      status,
      operation: ctx.operation,
      ...(vendor.code ? { vendorCode: vendor.code } : {}),
      ...(vendor.requestId ? { requestId: vendor.requestId } : {}),
    },
    { hint: hintFor(kind, ctx) },
  );
}

export function serviceErrorFromTransport(
  ctx: FailureContext,
  kind: 'network' | 'timeout',
  detail: string,
  cause: unknown,
): ServiceError {
  const message = `${ctx.service} ${ctx.operation} (${ctx.method} ${ctx.path}) ${kind === 'timeout' ? 'timed out' : 'failed'}: ${sanitizeText(detail, ctx.redactor)}`;
  return new ServiceError(
    ctx.service,
    kind,
    message,
    { operation: ctx.operation },
    { hint: hintFor(kind, ctx), cause },
  );
}

/** Seconds, or minutes and hours once that reads better: "45 s", "20 min", "1 h 30 min". */
export function formatWait(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

const LIMIT_WORDS = {
  'one-wait': (capMs: number) => `longer than the ${formatWait(capMs)} one call waits`,
  'total-wait': (capMs: number) => `past the ${formatWait(capMs)} one call may wait in all`,
} as const;

/**
 * A 429/503 whose `Retry-After` is past what a run waits: the service named the time to come
 * back, so the failure carries it (details.retryAt) and says it, and the run stops there
 * (see README "Locks, throttling and slow services" for why it stops rather than waits).
 */
export function serviceErrorForLongWait(
  ctx: FailureContext,
  status: number,
  vendor: VendorErrorInfo,
  wait: { inMs: number; at: Date; limit: keyof typeof LIMIT_WORDS; capMs: number },
): ServiceError {
  const retryAt = wait.at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const code = vendor.code ? ` ${vendor.code}` : '';
  const message =
    `${ctx.service} ${ctx.operation} (${ctx.method} ${ctx.path}) answered ${status}${code} and asks to be called ` +
    `again in ${formatWait(wait.inMs)}, at ${retryAt}: ${LIMIT_WORDS[wait.limit](wait.capMs)}`;
  return new ServiceError(
    ctx.service,
    'throttled',
    message,
    {
      status,
      operation: ctx.operation,
      retryAt,
      ...(vendor.code ? { vendorCode: vendor.code } : {}),
      ...(vendor.requestId ? { requestId: vendor.requestId } : {}),
    },
    { hint: `${ctx.service} asks for a pause until ${retryAt}; try again after then` },
  );
}
