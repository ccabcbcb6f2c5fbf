// How long the CLI's HTTP calls wait, and what they say while they wait: the per-attempt timeout
// and the "still waiting" threshold come from the environment (SOP_INTEGRATE_HTTP_TIMEOUT_SECONDS,
// SOP_INTEGRATE_PROGRESS_AFTER_SECONDS; README "Locks, throttling and slow services"), and every wait
// longer than that threshold prints a line on stderr, so stdout stays clean for --output json.
import { createHttpPolicy, formatWait, type HttpPolicy, type SlowAttempt } from '../core/http/index.ts';
import type { Environment } from '../config/environment.ts';
import { InputError } from '../errors.ts';

export interface HttpWaits {
  timeoutMs?: number;
  progressAfterMs?: number;
}

function wholeSeconds(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (!/^\d{1,6}$/.test(text) || Number(text) < min || Number(text) > max)
    throw new InputError(
      `${name}="${value.slice(0, 40)}" is not a whole number of seconds from ${min} to ${max}`,
      [{ file: 'environment', message: `${name} must be ${min}-${max} (seconds)` }],
      {
        hint: `set ${name} to e.g. ${name.endsWith('TIMEOUT_SECONDS') ? 60 : 15}, or unset it for the default`,
      },
    );
  return Number(text) * 1000;
}

/** The waits set in the environment; an unusable value is an InputError (exit 2) naming the variable. */
export function httpWaitsFrom(
  env: Pick<Environment, 'httpTimeoutSeconds' | 'progressAfterSeconds'>,
): HttpWaits {
  const timeoutMs = wholeSeconds('SOP_INTEGRATE_HTTP_TIMEOUT_SECONDS', env.httpTimeoutSeconds, 1, 600);
  const progressAfterMs = wholeSeconds(
    'SOP_INTEGRATE_PROGRESS_AFTER_SECONDS',
    env.progressAfterSeconds,
    0,
    600,
  );
  return {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(progressAfterMs === undefined ? {} : { progressAfterMs }),
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path for a progress line: some services put a token in the path itself (NinjaOne's
 * installer download links), so a long opaque segment is shown as "[token]". Ids stay readable.
 */
export function pathForProgress(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      segment.length >= 20 && /^[\w~%+=-]+$/.test(segment) && /\d/.test(segment) && !GUID.test(segment)
        ? '[token]'
        : segment,
    )
    .join('/');
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

export function slowLine(event: SlowAttempt): string {
  return `still waiting for ${event.service} ${event.method} ${pathForProgress(event.path)} (${seconds(event.elapsedMs)} s of ${seconds(event.timeoutMs)} s)`;
}

const REASONS: Record<string, string> = {
  '429': 'throttled (429)',
  '503': 'unavailable (503)',
  timeout: 'no answer in time',
  network: 'connection failed',
};

/**
 * The CLI's policy: `base` (a fleet tenant's, with its rate limiter) or the default, with the
 * waits from the environment and progress lines written by `write` (stderr).
 */
export function withWaitProgress(
  base: HttpPolicy | undefined,
  waits: HttpWaits,
  write: (line: string) => void,
): HttpPolicy {
  const policy = base ?? createHttpPolicy();
  const progressAfterMs = waits.progressAfterMs ?? policy.progressAfterMs;
  const observe = policy.onRetry;
  // Short backoffs stay quiet; a wait an operator would notice says what it waits for and until when.
  const worthALine = Math.min(5000, progressAfterMs);
  return {
    ...policy,
    timeoutMs: waits.timeoutMs ?? policy.timeoutMs,
    progressAfterMs,
    onSlow: (event) => write(slowLine(event)),
    onRetry: (event) => {
      observe?.(event);
      // A timeout always gets its line: it ends the "still waiting" lines of that attempt.
      if (progressAfterMs === 0 || (event.delayMs < worthALine && event.reason !== 'timeout')) return;
      const until = new Date(Date.now() + event.delayMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const reason = REASONS[event.reason] ?? event.reason;
      write(
        `${event.service} ${event.operation}: ${reason}; trying again in ${formatWait(event.delayMs)}, at ${until} (attempt ${event.attempt + 1})`,
      );
    },
  };
}
