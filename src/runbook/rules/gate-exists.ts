// A step's `gate:` must name a gate declared under `gates:`, or it would run unapproved.
import { didYouMean } from '../suggest.ts';
import { ruleProblem, type Rule } from './rule.ts';

const RULE = 'gate-exists';

export const gateExists: Rule = {
  name: RULE,
  severity: 'error',
  check(doc, ctx) {
    return doc.steps.flatMap((step) => {
      if (typeof step.gate !== 'string' || doc.gates.includes(step.gate)) return [];
      const declared =
        doc.gates.length > 0 ? `declared gates: ${doc.gates.join(', ')}` : 'no gates are declared';
      return [
        ruleProblem(
          RULE,
          ctx.places.placeOf(['steps', step.index, 'gate']),
          `${step.name} uses gate "${step.gate}", which is not declared under gates:${didYouMean(step.gate, doc.gates)}; ${declared}`,
        ),
      ];
    });
  },
};
