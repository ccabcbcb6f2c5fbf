// When to retry an HTTP attempt and how long to wait first. Pure maths, no I/O, so the rules
// (Retry-After, capped exponential backoff with full jitter, idempotency, the two budgets) are
// tested directly.

export interface RetryPolicy {
  /** Attempts, including the first, that failures other than a paced 429/503 may use. */
  maxAttempts: number;
  /**
   * Total attempts when the server paces us: a 429/503 with a readable `Retry-After` says exactly
   * when to come back, so waiting costs nothing but the time it demands. Meant to be larger than
   * maxAttempts; a call never makes more than the larger of the two.
   */
  maxPacedAttempts: number;
  /** Cap on the sum of `Retry-After` waits within one call; past it the call fails as throttled. */
  maxTotalRetryAfterMs: number;
  /** Backoff base for attempt 1; doubles each attempt. */
  baseDelayMs: number;
  /** Cap on one backoff wait. */
  maxDelayMs: number;
  /**
   * A `Retry-After` longer than this is not waited for: the call fails as throttled, with the
   * time the service named (ServiceError details.retryAt), so the run stops and says when to
   * resume (README "Locks, throttling and slow services").
   */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  maxPacedAttempts: 10,
  maxTotalRetryAfterMs: 300_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** What happened on one attempt, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfter?: string | null }
  /** `reachedServer: false` means the request was never sent (refused, DNS), so any method is safe. */
  | { kind: 'network'; reachedServer: boolean }
  | { kind: 'timeout' };

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
  /** True when the wait is the server's `Retry-After`: it counts against the paced budget. */
  paced: boolean;
  /**
   * Set when the call stops although the server said when to come back (a 429/503 whose
   * `Retry-After` is past a cap or a budget): how long from now. The caller turns it into a
   * "come back at <time>" failure instead of a plain throttled one.
   */
  comeBackInMs?: number;
  /** Which limit stopped a paced call (with comeBackInMs): one wait too long, or all of them. */
  limit?: 'one-wait' | 'total-wait';
}

/** What earlier attempts of the same call spent of the paced budget. */
export interface PacedSoFar {
  /** Earlier attempts answered 429/503 with a `Retry-After` that was honoured. */
  attempts: number;
  /** Sum of those `Retry-After` waits. */
  waitedMs: number;
}

/** Tracks a call's paced retries from its decisions, so the loop keeps no arithmetic of its own. */
export function addPaced(soFar: PacedSoFar, decision: RetryDecision): PacedSoFar {
  if (!decision.retry || !decision.paced) return soFar;
  return { attempts: soFar.attempts + 1, waitedMs: soFar.waitedMs + decision.delayMs };
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * Longer waits are read as this: a hostile or broken header ("Retry-After: 1e400" digits) must
 * still give a time that can be printed, and nobody resumes a run a year later anyway.
 */
export const MAX_RETRY_AFTER_MS = 365 * 24 * 3600 * 1000;

/**
 * Parses `Retry-After` (delta-seconds or an HTTP-date) into milliseconds from `now`.
 * Returns undefined when absent or unreadable, so the caller falls back to backoff.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(text) * 1000));
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now.getTime()));
}

/** Full jitter: a uniform wait in [0, min(cap, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Decides whether attempt number `attempt` (1-based) is followed by another.
 * `idempotent` requests retry on 429/503, other 5xx, resets and timeouts; non-idempotent ones
 * (POST addPassword creates a new secret each time) only on 429/503, which the server answers
 * without acting, or when the request never reached the server.
 *
 * Two budgets: a 429/503 with `Retry-After` is retried, after exactly that wait, while the call
 * stays within maxPacedAttempts attempts and maxTotalRetryAfterMs of such waits; every other
 * failure may use maxAttempts attempts, not counting the paced ones (`paced`, from earlier
 * decisions of the same call).
 */
export function decideRetry(input: {
  outcome: AttemptOutcome;
  attempt: number;
  idempotent: boolean;
  policy: RetryPolicy;
  now: Date;
  random: () => number;
  paced?: PacedSoFar;
}): RetryDecision {
  const { outcome, attempt, idempotent, policy } = input;
  const paced = input.paced ?? { attempts: 0, waitedMs: 0 };
  const stop: RetryDecision = { retry: false, delayMs: 0, paced: false };
  const comeBack = (waitMs: number, limit: RetryDecision['limit']): RetryDecision => ({
    ...stop,
    comeBackInMs: waitMs,
    ...(limit ? { limit } : {}),
  });
  // Out of attempts is persistent throttling, not a named time: it fails as plain throttled.
  if (attempt >= Math.max(policy.maxAttempts, policy.maxPacedAttempts)) return stop;
  const unpacedAttempts = attempt - paced.attempts;
  const backoff = (): RetryDecision =>
    unpacedAttempts >= policy.maxAttempts
      ? stop
      : { retry: true, delayMs: backoffDelay(unpacedAttempts, policy, input.random), paced: false };

  if (outcome.kind === 'response') {
    if (outcome.status === 429 || outcome.status === 503) {
      const waitMs = parseRetryAfter(outcome.retryAfter, input.now);
      if (waitMs === undefined) return backoff();
      if (waitMs > policy.maxRetryAfterMs) return comeBack(waitMs, 'one-wait');
      if (attempt >= policy.maxPacedAttempts) return stop;
      if (paced.waitedMs + waitMs > policy.maxTotalRetryAfterMs) return comeBack(waitMs, 'total-wait');
      return { retry: true, delayMs: waitMs, paced: true };
    }
    if (outcome.status >= 500 && idempotent) return backoff();
    return stop;
  }
  if (outcome.kind === 'network') {
    if (!outcome.reachedServer || idempotent) return backoff();
    return stop;
  }
  return idempotent ? backoff() : stop;
}
