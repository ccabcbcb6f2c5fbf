import { describe, expect, it } from 'vitest';
import {
  addPaced,
  backoffDelay,
  decideRetry,
  parseRetryAfter,
  type RetryPolicy,
} from '../../../src/core/http/index.ts';

const policy: RetryPolicy = {
  maxAttempts: 4,
  maxPacedAttempts: 7,
  maxTotalRetryAfterMs: 12_000,
  baseDelayMs: 200,
  maxDelayMs: 1_500,
  maxRetryAfterMs: 10_000,
};
const now = new Date('2026-03-04T05:06:07Z');
const decide = (
  outcome: Parameters<typeof decideRetry>[0]['outcome'],
  extra: {
    attempt?: number;
    idempotent?: boolean;
    random?: () => number;
    paced?: { attempts: number; waitedMs: number };
  } = {},
) =>
  decideRetry({
    outcome,
    attempt: extra.attempt ?? 1,
    idempotent: extra.idempotent ?? true,
    policy,
    now,
    random: extra.random ?? (() => 0.5),
    ...(extra.paced ? { paced: extra.paced } : {}),
  });

describe('parseRetryAfter', () => {
  it('reads delta-seconds, including fractions', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1_500);
  });
  it('reads an HTTP-date relative to now and never goes negative', () => {
    expect(parseRetryAfter('Wed, 04 Mar 2026 05:06:19 GMT', now)).toBe(12_000);
    expect(parseRetryAfter('Wed, 04 Mar 2026 05:00:00 GMT', now)).toBe(0);
  });
  it('returns undefined for absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt up to the cap, scaled by the random draw (full jitter)', () => {
    expect(backoffDelay(1, policy, () => 0.999)).toBe(199);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(9, policy, () => 0.5)).toBe(750);
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
  });
});

describe('decideRetry', () => {
  it('waits exactly Retry-After on 429 and 503, even for POST', () => {
    expect(decide({ kind: 'response', status: 429, retryAfter: '3' }, { idempotent: false })).toEqual({
      retry: true,
      delayMs: 3_000,
      paced: true,
    });
    expect(decide({ kind: 'response', status: 503, retryAfter: '2' }, { idempotent: false })).toEqual({
      retry: true,
      delayMs: 2_000,
      paced: true,
    });
  });
  it('falls back to backoff on 429 without Retry-After', () => {
    expect(decide({ kind: 'response', status: 429 }, { attempt: 2, random: () => 0.25 })).toEqual({
      retry: true,
      delayMs: 100,
      paced: false,
    });
  });
  it('gives up when Retry-After exceeds the policy ceiling', () => {
    expect(decide({ kind: 'response', status: 429, retryAfter: '60' }).retry).toBe(false);
  });
  it('retries other 5xx, resets and timeouts only when the request is idempotent', () => {
    expect(decide({ kind: 'response', status: 502 }).retry).toBe(true);
    expect(decide({ kind: 'response', status: 502 }, { idempotent: false }).retry).toBe(false);
    expect(decide({ kind: 'network', reachedServer: true }, { idempotent: false }).retry).toBe(false);
    expect(decide({ kind: 'timeout' }, { idempotent: false }).retry).toBe(false);
    expect(decide({ kind: 'timeout' }).retry).toBe(true);
  });
  it('retries a POST that never reached the server', () => {
    expect(decide({ kind: 'network', reachedServer: false }, { idempotent: false }).retry).toBe(true);
  });
  it('never retries 4xx other than 429, and stops other failures at maxAttempts', () => {
    for (const status of [400, 401, 403, 404, 409])
      expect(decide({ kind: 'response', status }).retry).toBe(false);
    expect(decide({ kind: 'response', status: 502 }, { attempt: 3 }).retry).toBe(true);
    expect(decide({ kind: 'response', status: 502 }, { attempt: 4 }).retry).toBe(false);
    expect(decide({ kind: 'response', status: 429 }, { attempt: 4 }).retry).toBe(false);
  });
});

describe('the paced budget (429/503 with Retry-After)', () => {
  const throttled = { kind: 'response', status: 429, retryAfter: '1' } as const;

  it('keeps honouring Retry-After past maxAttempts, up to maxPacedAttempts', () => {
    const paced = { attempts: 5, waitedMs: 5_000 };
    expect(decide(throttled, { attempt: 6, paced })).toEqual({ retry: true, delayMs: 1_000, paced: true });
    expect(decide(throttled, { attempt: 7, paced: { attempts: 6, waitedMs: 6_000 } }).retry).toBe(false);
  });

  it('stops when the next wait would pass the total Retry-After cap', () => {
    const nearlySpent = { attempts: 2, waitedMs: 11_500 };
    expect(decide(throttled, { attempt: 3, paced: nearlySpent }).retry).toBe(false);
    expect(decide(throttled, { attempt: 3, paced: { attempts: 2, waitedMs: 11_000 } }).retry).toBe(true);
  });

  it('does not count paced attempts against the budget of other failures', () => {
    // Four paced 429s, then a 502 on attempt 5: only one unpaced failure so far, so retry with the
    // backoff of a first failure (ceiling 200 ms, draw 0.5).
    const paced = { attempts: 4, waitedMs: 4_000 };
    expect(decide({ kind: 'response', status: 502 }, { attempt: 5, paced })).toEqual({
      retry: true,
      delayMs: 100,
      paced: false,
    });
    // Attempt 6 = 2 paced + 4 unpaced failures: the small budget is spent, the paced one is not.
    const fewerPaced = { attempts: 2, waitedMs: 2_000 };
    expect(decide({ kind: 'response', status: 502 }, { attempt: 6, paced: fewerPaced }).retry).toBe(false);
    expect(decide(throttled, { attempt: 6, paced: fewerPaced }).retry).toBe(true);
  });

  it('addPaced sums only retries that waited for Retry-After', () => {
    const start = { attempts: 1, waitedMs: 2_000 };
    expect(addPaced(start, { retry: true, delayMs: 3_000, paced: true })).toEqual({
      attempts: 2,
      waitedMs: 5_000,
    });
    expect(addPaced(start, { retry: true, delayMs: 50, paced: false })).toBe(start);
    expect(addPaced(start, { retry: false, delayMs: 0, paced: false })).toBe(start);
  });
});
