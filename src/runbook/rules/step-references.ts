// Every `${...}` in a step, with its place, for the reference rules.
import type { SourcePlace } from '../../errors.ts';
import { findReferences, parseReference, type Reference } from '../template.ts';
import type { RuleContext, ViewStep } from './rule.ts';

export interface FoundReference {
  step: ViewStep;
  /** The full `${...}` text as written. */
  text: string;
  /** Parsed reference; undefined when the body is not an allowed reference. */
  ref: Reference | undefined;
  place: SourcePlace;
}

export function stepReferences(steps: readonly ViewStep[], ctx: RuleContext): FoundReference[] {
  return steps.flatMap((step) =>
    findReferences(step.raw, ['steps', step.index]).map(({ path, body }) => {
      const text = `\${${body}}`;
      return { step, text, ref: parseReference(body), place: ctx.places.textPlaceOf(path, text) };
    }),
  );
}

/** `${` with no closing brace: the text would silently stay unresolved. */
export function unclosedTemplates(
  steps: readonly ViewStep[],
  ctx: RuleContext,
): { step: ViewStep; place: SourcePlace }[] {
  return steps.flatMap((step) =>
    stringsIn(step.raw, ['steps', step.index]).flatMap(({ path, value }) => {
      const rest = value.replace(/\$\{[^}]*\}/g, '');
      const index = rest.indexOf('${');
      return index < 0 ? [] : [{ step, place: ctx.places.textPlaceOf(path, rest.slice(index, index + 12)) }];
    }),
  );
}

function stringsIn(
  value: unknown,
  path: (string | number)[],
): { path: (string | number)[]; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsIn(item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringsIn(v, [...path, k]));
  }
  return [];
}
