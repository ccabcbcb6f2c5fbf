// `assert`: a condition over inputs, config and earlier steps' outputs. It changes nothing;
// its verify fails the run when the condition does not hold.
import { defineStep } from '../../../../steps/contract.ts';
import { Condition, describeCondition, evaluateCondition, isPending } from './condition.ts';

export const assertStep = defineStep<Condition>({
  type: 'assert',
  description:
    'Check a condition over inputs, config and earlier outputs; the run stops when it does not hold.',
  params: Condition,
  outputs: [],
  mutating: false,
  async plan(_ctx, params) {
    if (isPending(params)) {
      return {
        action: 'noop',
        summary: `check: ${params.message}`,
        changes: [],
        calls: [],
        details: [`checked once earlier steps applied: ${describeCondition(params)}`],
        knownOutputs: {},
      };
    }
    const result = evaluateCondition(params);
    return {
      action: 'noop',
      summary: `check: ${params.message}`,
      changes: [],
      calls: [],
      details: [
        result.ok
          ? `holds now: ${describeCondition(params)}`
          : `does NOT hold now: ${describeCondition(params)}`,
      ],
      knownOutputs: {},
    };
  },
  async apply() {
    // Never called: the plan is always noop. Present because the contract requires it.
    return { outputs: {}, undo: null };
  },
  async verify(_ctx, params) {
    const result = evaluateCondition(params);
    return { ok: result.ok, checks: [result.line] };
  },
});
