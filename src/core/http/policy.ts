// The knobs every API family's HTTP layer shares. One object so tests can swap the clock and
// the dice, and so a per-tenant rate limiter can be slotted in later without touching adapters.
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';

/** Called before each attempt; resolves when the caller may send. Returns a release function. */
export type RateLimiter = (key: { service: string; operation: string }) => Promise<() => void>;

export interface HttpPolicy {
  retry: RetryPolicy;
  /**
   * Per attempt, not per call: a retried call may take up to max(maxAttempts, maxPacedAttempts)
   * * timeoutMs plus waits (Retry-After waits bounded by retry.maxTotalRetryAfterMs).
   */
  timeoutMs: number;
  rateLimiter?: RateLimiter;
  /**
   * An attempt without an answer after this long is reported to onSlow, and again every as long
   * until it ends (0: never), so a wait of up to timeoutMs is never silent.
   */
  progressAfterMs: number;
  /** Observes a slow attempt (for "still waiting" lines); gets the path only, never query, body or headers. */
  onSlow?: (event: SlowAttempt) => void;
  /** Observes each retry (for progress lines); never receives bodies or headers. */
  onRetry?: (event: {
    service: string;
    operation: string;
    attempt: number;
    delayMs: number;
    reason: string;
  }) => void;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => Date;
}

export interface SlowAttempt {
  service: string;
  method: string;
  /** Path without host or query string. */
  path: string;
  elapsedMs: number;
  timeoutMs: number;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createHttpPolicy(
  overrides: Partial<Omit<HttpPolicy, 'retry'>> & { retry?: Partial<RetryPolicy> } = {},
): HttpPolicy {
  const { retry, ...rest } = overrides;
  return {
    timeoutMs: 60_000,
    progressAfterMs: 15_000,
    sleep: abortableSleep,
    random: Math.random,
    now: () => new Date(),
    ...rest,
    retry: { ...defaultRetryPolicy, ...retry },
  };
}
