// Every step type that changes things must be able to undo them, or say why it cannot. This is
// a defect of the step type, not of the runbook, but it is reported where a runbook uses it so
// nobody runs a change that rollback would silently skip.
import { ruleProblem, type Rule } from './rule.ts';

const RULE = 'mutating-steps-reversible';

export const mutatingStepsReversible: Rule = {
  name: RULE,
  severity: 'error',
  check(doc, ctx) {
    return doc.steps.flatMap((step) => {
      const handler = step.type === undefined ? undefined : ctx.handlers.get(step.type);
      if (!handler?.mutating || handler.undo || handler.irreversible) return [];
      return [
        ruleProblem(
          RULE,
          ctx.places.placeOf(['steps', step.index, 'type']),
          `${step.name} uses step type "${handler.type}", which changes things but has neither undo() nor an ` +
            'irreversible reason, so rollback could not restore it; the step type must declare one',
        ),
      ];
    });
  },
};
