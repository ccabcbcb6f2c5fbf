// Step ids name journal records, outputs and rollbacks; two steps may not share one.
import { ruleProblem, type Rule } from './rule.ts';

const RULE = 'unique-step-ids';

export const uniqueStepIds: Rule = {
  name: RULE,
  severity: 'error',
  check(doc, ctx) {
    const firstIndex = new Map<string, number>();
    return doc.steps.flatMap((step) => {
      if (step.id === undefined) return [];
      const first = firstIndex.get(step.id);
      if (first === undefined) {
        firstIndex.set(step.id, step.index);
        return [];
      }
      const firstLine = ctx.places.placeOf(['steps', first, 'id']).line;
      return [
        ruleProblem(
          RULE,
          ctx.places.placeOf(['steps', step.index, 'id']),
          `step id "${step.id}" is already used by step #${first + 1} (line ${firstLine}); give each step its own id`,
        ),
      ];
    });
  },
};
