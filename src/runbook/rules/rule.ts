// The contract of a semantic rule. Rules run on a lenient view of the document, so they still
// report their problems when the schema found others: one correction round fixes everything.
import type { Problem } from '../../errors.ts';
import type { AnyStepHandler } from '../../steps/contract.ts';
import type { SourcePlaces } from '../source-places.ts';
import type { InputType } from '../types.ts';

export interface ViewStep {
  index: number;
  /** Undefined when the step has no usable id (the schema reports that). */
  id: string | undefined;
  type: string | undefined;
  gate: unknown;
  /** The whole raw step, for finding templates anywhere in it. */
  raw: Record<string, unknown>;
  /** Human name: `step "create-app"` or `step #3`. */
  name: string;
}

export interface ViewInput {
  type: InputType | undefined;
  hasDefault: boolean;
  default: unknown;
}

export interface RunbookView {
  inputs: ReadonlyMap<string, ViewInput>;
  gates: readonly string[];
  steps: readonly ViewStep[];
}

export interface RuleContext {
  file: string;
  places: SourcePlaces;
  handlers: ReadonlyMap<string, AnyStepHandler>;
}

export interface Rule {
  /** Shown in every problem the rule reports, e.g. `[unique-step-ids]`. */
  name: string;
  severity: 'error' | 'warning';
  check(doc: RunbookView, ctx: RuleContext): Problem[];
}

/** A problem tagged with the rule that found it. */
export function ruleProblem(rule: string, place: Omit<Problem, 'message'>, message: string): Problem {
  return { ...place, message: `${message} [${rule}]` };
}
