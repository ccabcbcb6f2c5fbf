// Change windows: a mutating step outside the approved window stops the run before the
// mutation (exit 5, nothing changed). Dry runs and read-only steps are always allowed.
import { InputError, RefusedError } from '../errors.ts';

export interface ChangeWindow {
  start: Date;
  end: Date;
}

/** Parse an ISO 8601 interval `<start>/<end>` (both with a time zone). */
export function parseChangeWindow(text: string, source = '--window'): ChangeWindow {
  const [start, end, extra] = text.split('/');
  const hint = 'e.g. --window 2026-12-05T22:00:00Z/2026-12-06T02:00:00Z';
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/;
  if (!start || !end || extra !== undefined || !zoned.test(start) || !zoned.test(end)) {
    throw new InputError(`${source} "${text}" is not <start>/<end> in ISO 8601 with a time zone`, [], {
      hint,
    });
  }
  const window = { start: new Date(start), end: new Date(end) };
  if (Number.isNaN(window.start.getTime()) || Number.isNaN(window.end.getTime())) {
    throw new InputError(`${source} "${text}" holds a time that does not exist`, [], { hint });
  }
  if (window.end <= window.start)
    throw new InputError(`${source} "${text}" ends before it starts`, [], { hint });
  return window;
}

export function checkChangeWindow(window: ChangeWindow | undefined, now: Date, stepId: string): void {
  if (!window || (now >= window.start && now < window.end)) return;
  const when = now < window.start ? 'before' : 'after';
  throw new RefusedError(
    'REFUSED_WINDOW',
    `step ${stepId} would change the tenant at ${now.toISOString()}, ${when} the change window ${window.start.toISOString()}/${window.end.toISOString()}; nothing was changed`,
    {
      hint:
        now < window.start
          ? 'resume the run inside the window'
          : 'get a new change window approved, then resume with --window',
    },
  );
}
