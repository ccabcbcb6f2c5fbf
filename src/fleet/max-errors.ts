// `--max-errors N` or `N%`: how many tenants may fail before the fleet stops starting new ones.
// With N% the count is N percent of the tenants this job runs (after --shard), rounded down.
import { InputError } from '../errors.ts';

export type MaxErrors = { kind: 'count'; value: number } | { kind: 'percent'; value: number };

export function parseMaxErrors(value: string): MaxErrors {
  const match = /^(\d{1,6})(%?)$/.exec(value.trim());
  if (!match || (match[2] === '%' && Number(match[1]) > 100)) {
    throw new InputError(`--max-errors "${value}" is not a count or a percentage`, [], {
      hint: 'e.g. --max-errors 3 (stop after the 4th failure) or --max-errors 10%',
    });
  }
  return match[2] === '%'
    ? { kind: 'percent', value: Number(match[1]) }
    : { kind: 'count', value: Number(match[1]) };
}

/** Failures tolerated: one more than this stops new tenants. Unset means no limit. */
export function toleratedFailures(maxErrors: MaxErrors | undefined, tenantCount: number): number {
  if (!maxErrors) return Number.POSITIVE_INFINITY;
  if (maxErrors.kind === 'count') return maxErrors.value;
  return Math.floor((tenantCount * maxErrors.value) / 100);
}
