// The shared HTTP layer. Adapters import from here only.
export {
  createHttpPolicy,
  abortableSleep,
  type HttpPolicy,
  type RateLimiter,
  type SlowAttempt,
} from './policy.ts';
export {
  defaultRetryPolicy,
  decideRetry,
  parseRetryAfter,
  MAX_RETRY_AFTER_MS,
  backoffDelay,
  isIdempotentMethod,
  addPaced,
  type PacedSoFar,
  type RetryPolicy,
  type AttemptOutcome,
  type RetryDecision,
} from './retry-policy.ts';
export { sendWithPolicy, type HttpRequest, type SendOptions } from './send.ts';
export {
  serviceErrorFromResponse,
  serviceErrorFromTransport,
  serviceErrorForLongWait,
  formatWait,
  kindForStatus,
  type VendorErrorInfo,
  type FailureContext,
} from './map-error.ts';
export { parseVendorResponse, throwInvalid } from './validate.ts';
export { sanitizeText } from './sanitize.ts';
export { classifyTransportError } from './transport-error.ts';
export { parseJsonOrUndefined } from './json.ts';
export {
  createTenantRateLimiter,
  type TenantRateLimiter,
  type TenantRateLimiterOptions,
} from './tenant-rate-limiter.ts';
