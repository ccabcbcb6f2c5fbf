// What a manual step can verify from outside once the operator confirmed it. Each check type
// is a plain object; vendor checks (an app's sign-in, MX answers, message trace) plug in by
// adding one object to `manualChecks` and its schema to `ManualCheck`.
import { z } from 'zod';
import type { StepContext } from '../../../../steps/contract.ts';
import {
  conditionShape,
  evaluateCondition,
  exactlyOneComparator,
  ONE_COMPARATOR,
} from '../assert/condition.ts';

export interface CheckOutcome {
  ok: boolean;
  line: string;
}

export interface ManualCheckType<P extends { type: string }> {
  type: P['type'];
  run(ctx: StepContext, check: P): Promise<CheckOutcome>;
}

const AssertCheck = z
  .strictObject({ type: z.literal('assert'), ...conditionShape })
  .refine(exactlyOneComparator, ONE_COMPARATOR);
type AssertCheck = z.infer<typeof AssertCheck>;

const assertCheck: ManualCheckType<AssertCheck> = {
  type: 'assert',
  async run(_ctx, check) {
    return evaluateCondition(check);
  },
};

export const ManualCheck = z.discriminatedUnion('type', [AssertCheck]);
export type ManualCheck = z.infer<typeof ManualCheck>;

const byType = new Map<string, ManualCheckType<ManualCheck>>([[assertCheck.type, assertCheck]]);

export function checkTypeOf(check: ManualCheck): ManualCheckType<ManualCheck> {
  const type = byType.get(check.type);
  // The schema admits only registered types, so a miss is a programming error.
  if (!type) throw new TypeError(`no manual check type "${check.type}" is registered`);
  return type;
}
