// `${steps.<id>.outputs.<name>}` must name a step that runs EARLIER and whose type promises
// that output; otherwise the value could never be known when the step runs.
import { didYouMean } from '../suggest.ts';
import { ruleProblem, type Rule } from './rule.ts';
import { stepReferences } from './step-references.ts';

const RULE = 'step-output-references';

export const stepOutputReferences: Rule = {
  name: RULE,
  severity: 'error',
  check(doc, ctx) {
    const indexById = new Map<string, number>();
    for (const step of doc.steps)
      if (step.id !== undefined && !indexById.has(step.id)) indexById.set(step.id, step.index);
    const ids = [...indexById.keys()];

    return stepReferences(doc.steps, ctx).flatMap(({ ref, text, step, place }) => {
      if (ref?.kind !== 'steps') return [];
      const problem = (message: string) => [ruleProblem(RULE, place, `"${text}" in ${step.name} ${message}`)];
      const target = indexById.get(ref.stepId);
      if (target === undefined) {
        return problem(`refers to step "${ref.stepId}", which does not exist${didYouMean(ref.stepId, ids)}`);
      }
      if (target >= step.index) {
        const when = target === step.index ? 'is this step itself' : `runs later (step #${target + 1})`;
        return problem(
          `refers to step "${ref.stepId}", which ${when}; a step can only use outputs of steps before it`,
        );
      }
      const targetType = doc.steps.find((s) => s.index === target)?.type;
      const handler = targetType === undefined ? undefined : ctx.handlers.get(targetType);
      if (!handler || handler.outputs.includes(ref.name)) return [];
      const outputs =
        handler.outputs.length > 0 ? `its outputs are: ${handler.outputs.join(', ')}` : 'it has no outputs';
      return problem(
        `refers to output "${ref.name}" of step "${ref.stepId}" (type ${handler.type}), which that type does not produce` +
          `${didYouMean(ref.name, handler.outputs)}; ${outputs}`,
      );
    });
  },
};
