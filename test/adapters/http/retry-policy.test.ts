import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  decideRetry,
  parseRetryAfter,
  type RetryPolicy,
} from '../../../src/adapters/http/index.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 1_500, maxRetryAfterMs: 10_000 };
const now = new Date('2026-03-04T05:06:07Z');
const decide = (
  outcome: Parameters<typeof decideRetry>[0]['outcome'],
  extra: { attempt?: number; idempotent?: boolean; random?: () => number } = {},
) =>
  decideRetry({
    outcome,
    attempt: extra.attempt ?? 1,
    idempotent: extra.idempotent ?? true,
    policy,
    now,
    random: extra.random ?? (() => 0.5),
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
    });
    expect(decide({ kind: 'response', status: 503, retryAfter: '2' }, { idempotent: false })).toEqual({
      retry: true,
      delayMs: 2_000,
    });
  });
  it('falls back to backoff on 429 without Retry-After', () => {
    expect(decide({ kind: 'response', status: 429 }, { attempt: 2, random: () => 0.25 })).toEqual({
      retry: true,
      delayMs: 100,
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
  it('never retries 4xx other than 429, and stops at maxAttempts', () => {
    for (const status of [400, 401, 403, 404, 409])
      expect(decide({ kind: 'response', status }).retry).toBe(false);
    expect(decide({ kind: 'response', status: 429, retryAfter: '1' }, { attempt: 4 }).retry).toBe(false);
  });
});
