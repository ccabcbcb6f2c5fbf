// Applies a step the way a resumed run does after a crash between the service's change and the
// journal's done record: the first apply's result is lost, the step is planned again (and sees its
// own change), and apply runs again with the first plan's `observed`, as the engine passes it from
// the intent record (a JSON round trip, like the journal).
import { expect } from 'vitest';
import type { ApplyResult, StepContext, StepHandler, StepPlan } from '../../src/steps/contract.ts';

export interface CrashedApply {
  plan: StepPlan;
  first: ApplyResult;
  resumed: ApplyResult;
}

export async function applyAgainAfterCrash<Params>(
  step: StepHandler<Params>,
  ctx: () => StepContext,
  params: Params,
): Promise<CrashedApply> {
  const plan = await step.plan(ctx(), params);
  expect(plan.observed, `${step.type}: the plan records the state it saw`).toBeDefined();
  const first = await step.apply(ctx(), params, plan);
  const journaled = JSON.parse(JSON.stringify(plan.observed)) as StepPlan['observed'];
  const replanned = await step.plan(ctx(), params);
  const resumed = await step.apply(ctx(), params, { ...replanned, observed: journaled });
  return { plan, first, resumed };
}
