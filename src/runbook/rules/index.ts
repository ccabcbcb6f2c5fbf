// All semantic rules, run in this order after the schema. Adding a rule: write it next to its
// siblings and list it here.
import { allowedReferences } from './allowed-references.ts';
import { declaredInputs } from './declared-inputs.ts';
import { gateExists } from './gate-exists.ts';
import { inputDefaultsMatchType } from './input-defaults-match-type.ts';
import { mutatingStepsReversible } from './mutating-steps-reversible.ts';
import type { Rule } from './rule.ts';
import { stepOutputReferences } from './step-output-references.ts';
import { uniqueStepIds } from './unique-step-ids.ts';
import { unusedGates } from './unused-gates.ts';

export const runbookRules: readonly Rule[] = [
  uniqueStepIds,
  gateExists,
  allowedReferences,
  declaredInputs,
  stepOutputReferences,
  mutatingStepsReversible,
  inputDefaultsMatchType,
  unusedGates,
];

export type { Rule, RuleContext, RunbookView } from './rule.ts';
export { runbookView } from './runbook-view.ts';
