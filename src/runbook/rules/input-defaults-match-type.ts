// An input's `default:` must be a valid value of its own type; otherwise the first run that
// relies on it fails late, after planning has begun.
import { checkInputValue } from '../inputs/input-values.ts';
import { ruleProblem, type Rule } from './rule.ts';

const RULE = 'input-defaults-match-type';

export const inputDefaultsMatchType: Rule = {
  name: RULE,
  severity: 'error',
  check(doc, ctx) {
    return [...doc.inputs].flatMap(([name, input]) => {
      if (!input.hasDefault || input.type === undefined) return [];
      const checked = checkInputValue(input.type, input.default);
      if (checked.ok) return [];
      return [
        ruleProblem(
          RULE,
          ctx.places.placeOf(['inputs', name, 'default']),
          `default of input "${name}" does not match its type ${input.type}: ${checked.reason}`,
        ),
      ];
    });
  },
};
