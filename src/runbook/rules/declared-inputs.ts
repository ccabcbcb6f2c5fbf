// `${inputs.<name>}` must name an input declared under `inputs:`.
import { didYouMean } from '../suggest.ts';
import { ruleProblem, type Rule } from './rule.ts';
import { stepReferences } from './step-references.ts';

const RULE = 'declared-inputs';

export const declaredInputs: Rule = {
  name: RULE,
  severity: 'error',
  check(doc, ctx) {
    const declared = [...doc.inputs.keys()];
    return stepReferences(doc.steps, ctx).flatMap(({ ref, text, step, place }) => {
      if (ref?.kind !== 'inputs' || doc.inputs.has(ref.name)) return [];
      return [
        ruleProblem(
          RULE,
          place,
          `"${text}" in ${step.name} refers to input "${ref.name}", which is not declared under inputs:` +
            `${didYouMean(ref.name, declared)}; declare it (e.g. ${ref.name}: { type: string, required: true })`,
        ),
      ];
    });
  },
};
