// Templates may only read inputs, config and earlier steps' outputs: no environment, no code.
// `config.<key>` is user-defined (tenantId, secretStore, anything else), so only its syntax is
// checked here.
import { ruleProblem, type Rule } from './rule.ts';
import { stepReferences, unclosedTemplates } from './step-references.ts';

const RULE = 'allowed-references';

const ALLOWED = '${inputs.<name>}, ${config.<key>} or ${steps.<step-id>.outputs.<name>}';

export const allowedReferences: Rule = {
  name: RULE,
  severity: 'error',
  check(doc, ctx) {
    const disallowed = stepReferences(doc.steps, ctx)
      .filter((found) => found.ref === undefined)
      .map((found) =>
        ruleProblem(
          RULE,
          found.place,
          `"${found.text}" in ${found.step.name} is not an allowed reference; templates may only be ${ALLOWED}`,
        ),
      );
    const unclosed = unclosedTemplates(doc.steps, ctx).map(({ step, place }) =>
      ruleProblem(
        RULE,
        place,
        `"\${" in ${step.name} is never closed with "}"; write a reference as ${ALLOWED}`,
      ),
    );
    return [...disallowed, ...unclosed];
  },
};
