// A rate limiter for one tenant, plugged into HttpPolicy.rateLimiter. Graph and Exchange
// throttle per tenant and per app, so a 429 with Retry-After from one tenant's service pauses
// only that tenant's further calls to that service; other tenants (each with their own
// limiter and policy) never wait for it. An optional cap spaces calls to N per second.
import type { HttpPolicy, RateLimiter } from './policy.ts';

export interface TenantRateLimiterOptions {
  /** Spaces calls to at most this many per second per service (undefined: no cap). */
  maxRequestsPerSecond?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface TenantRateLimiter {
  /** The HttpPolicy.rateLimiter hook: resolves when this tenant may send to `service`. */
  readonly acquire: RateLimiter;
  /** Called when a service asked this tenant to back off (429/503 with a wait). */
  pause(service: string, ms: number): void;
  /** Time left until `service` may be called again, in ms (0 when not paused). */
  pausedFor(service: string): number;
  /** Observes HttpPolicy.onRetry: a throttling answer pauses the whole tenant's service. */
  observeRetry: NonNullable<HttpPolicy['onRetry']>;
}

const THROTTLE_REASONS = new Set(['429', '503']);

export function createTenantRateLimiter(options: TenantRateLimiterOptions = {}): TenantRateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const spacingMs = options.maxRequestsPerSecond ? 1000 / options.maxRequestsPerSecond : 0;
  const pausedUntil = new Map<string, number>();
  /** The earliest time the next call to a service may go out under the per-second cap. */
  const nextSlot = new Map<string, number>();

  const pausedFor = (service: string): number => Math.max(0, (pausedUntil.get(service) ?? 0) - now());

  const acquire: RateLimiter = async ({ service }) => {
    // A pause can be extended while we sleep (another call got a fresh 429), so re-check.
    for (let wait = pausedFor(service); wait > 0; wait = pausedFor(service)) await sleep(wait);
    if (spacingMs > 0) {
      const at = Math.max(now(), nextSlot.get(service) ?? 0);
      nextSlot.set(service, at + spacingMs);
      const wait = at - now();
      if (wait > 0) await sleep(wait);
    }
    return () => undefined;
  };

  const pause = (service: string, ms: number): void => {
    if (ms <= 0) return;
    pausedUntil.set(service, Math.max(pausedUntil.get(service) ?? 0, now() + ms));
  };

  return {
    acquire,
    pause,
    pausedFor,
    observeRetry: (event) => {
      if (THROTTLE_REASONS.has(event.reason)) pause(event.service, event.delayMs);
    },
  };
}
