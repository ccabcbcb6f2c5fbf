// Conditions over resolved template values: equals, notEquals, matches, contains. No code, no
// expressions. Shared by the `assert` step and the checks of `manual` steps.
import { z } from 'zod';
import { isUnknown } from '../../../../steps/contract.ts';

const COMPARATORS = ['equals', 'notEquals', 'matches', 'contains'] as const;

function isRegex(source: string): boolean {
  if (source.includes('${')) return true; // a template: checked once resolved
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export const conditionShape = {
  that: z.unknown(),
  equals: z.unknown().optional(),
  notEquals: z.unknown().optional(),
  matches: z.string().refine(isRegex, { error: 'must be a valid regular expression' }).optional(),
  contains: z.unknown().optional(),
  message: z.string().min(1),
};

export function exactlyOneComparator(value: Record<string, unknown>): boolean {
  return COMPARATORS.filter((key) => value[key] !== undefined).length === 1;
}

export const ONE_COMPARATOR = { error: `give exactly one of ${COMPARATORS.join(', ')}` };

export const Condition = z.strictObject(conditionShape).refine(exactlyOneComparator, ONE_COMPARATOR);
export type Condition = z.infer<typeof Condition>;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'nothing');
}

/** True when a value still holds a "(known after apply ...)" placeholder. */
export function isPending(condition: Condition): boolean {
  return [condition.that, condition.equals, condition.notEquals, condition.matches, condition.contains].some(
    (v) => isUnknown(v) || (Array.isArray(v) && v.some(isUnknown)),
  );
}

export interface ConditionResult {
  ok: boolean;
  /** One line a reviewer reads: what was compared and how it came out. */
  line: string;
}

export function describeCondition(c: Condition): string {
  if (c.equals !== undefined) return `${show(c.that)} equals ${show(c.equals)}`;
  if (c.notEquals !== undefined) return `${show(c.that)} does not equal ${show(c.notEquals)}`;
  if (c.matches !== undefined) return `${show(c.that)} matches /${c.matches}/`;
  return `${show(c.that)} contains ${show(c.contains)}`;
}

export function evaluateCondition(c: Condition): ConditionResult {
  let ok: boolean;
  if (c.equals !== undefined) ok = same(c.that, c.equals);
  else if (c.notEquals !== undefined) ok = !same(c.that, c.notEquals);
  else if (c.matches !== undefined)
    ok = new RegExp(c.matches).test(typeof c.that === 'string' ? c.that : show(c.that));
  else if (Array.isArray(c.that)) ok = c.that.some((item) => same(item, c.contains));
  else
    ok =
      typeof c.that === 'string' &&
      c.that.includes(typeof c.contains === 'string' ? c.contains : show(c.contains));
  return { ok, line: `${ok ? 'passed' : 'FAILED'}: ${c.message} (${describeCondition(c)})` };
}
