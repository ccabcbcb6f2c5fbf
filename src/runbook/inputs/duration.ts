// Durations as runbooks and operators write them: compact (`90s`, `5m`, `1h30m`, `2d`) or
// ISO 8601 (`PT5M`, `P1DT2H`). The `wait` step and `duration` inputs share this parser.
import { InputError } from '../../errors.ts';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
const COMPACT = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds in a duration, or undefined when the text is not one. */
export function tryParseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const compact = COMPACT.exec(trimmed.toLowerCase());
  const iso = compact ? undefined : ISO.exec(trimmed.toUpperCase());
  const match = compact ?? iso;
  // Both patterns match the empty string or a bare "P"/"PT"; a duration names at least one unit.
  if (!match || !match.slice(1).some((part) => part !== undefined)) return undefined;
  if (iso && trimmed.toUpperCase().endsWith('T')) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * UNIT_MS.d +
    Number(hours ?? 0) * UNIT_MS.h +
    Number(minutes ?? 0) * UNIT_MS.m +
    Math.round(Number(seconds ?? 0) * UNIT_MS.s)
  );
}

/** Milliseconds in a duration such as `5m`, `1h30m` or `PT5M`; throws InputError otherwise. */
export function parseDuration(text: string): number {
  const ms = tryParseDuration(text);
  if (ms === undefined) {
    throw new InputError(`"${text}" is not a duration`, [], {
      hint: 'write a duration like 90s, 5m, 1h30m, 2d or ISO 8601 PT5M',
    });
  }
  return ms;
}
