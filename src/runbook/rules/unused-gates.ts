// A declared gate no step uses is probably a step that forgot its `gate:` (a warning).
import { ruleProblem, type Rule } from './rule.ts';

const RULE = 'unused-gates';

export const unusedGates: Rule = {
  name: RULE,
  severity: 'warning',
  check(doc, ctx) {
    const used = new Set(doc.steps.map((step) => step.gate));
    return doc.gates
      .filter((gate) => !used.has(gate))
      .map((gate) =>
        ruleProblem(
          RULE,
          ctx.places.keyPlaceOf(['gates', gate]),
          `gate "${gate}" is declared but no step uses it; add "gate: ${gate}" to the step it guards, or remove it`,
        ),
      );
  },
};
