// Planning: resolve each step's templates, parse its params, ask its handler for a plan.
// The whole plan is built before the first write; later steps see outputs known so far.
import { RunbookError } from '../errors.ts';
import type { PlannedStep, RunPlan } from '../journal/index.ts';
import { resolveTemplates, type TemplateScope } from '../runbook/template.ts';
import type { LoadedRunbook, RunbookStep } from '../runbook/types.ts';
import { isUnknown, type Outputs, type StepPlan } from '../steps/contract.ts';
import { buildContext } from './context.ts';
import type { Engine } from './env.ts';
import { hashValue } from './hash.ts';
import { runPhase, type PhaseRun } from './phase.ts';
import { DEFAULT_PLAN_CONCURRENCY, planStepsConcurrently } from './plan-concurrently.ts';
import type { PlanOptions } from './types.ts';

export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}

export function scopeFor(opts: PlanOptions, steps: Record<string, Outputs | undefined>): TemplateScope {
  return { inputs: opts.inputs, config: { ...opts.config.public, tenantId: opts.config.tenantId }, steps };
}

export interface StepPlanned {
  planned: PlannedStep;
  params: unknown;
  stepPlan: StepPlan;
}

/** Plan one step against live state. `run` is set when planning inside a journaled run. */
export async function planStep(
  engine: Engine,
  runbook: LoadedRunbook,
  index: number,
  scope: TemplateScope,
  run: PhaseRun | undefined,
): Promise<StepPlanned> {
  const step = runbook.runbook.steps[index] as RunbookStep;
  const handler = engine.handlerFor(step.type, runbook.placeOf(['steps', index, 'type']));
  const resolved = resolveTemplates(step.with, scope);
  const pending = containsUnknown(resolved);
  const parsed = handler.params.safeParse(resolved);
  const base = { id: step.id, type: step.type, title: step.title, ...(step.gate ? { gate: step.gate } : {}) };
  if (!parsed.success) {
    const unresolvedOnly =
      pending && parsed.error.issues.every((issue) => containsUnknown(valueAt(resolved, issue.path)));
    if (!unresolvedOnly) {
      throw new RunbookError(
        parsed.error.issues.map((issue) => ({
          ...runbook.placeOf([
            'steps',
            index,
            'with',
            ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
          ]),
          message: `step ${step.id}: ${issue.message}`,
        })),
      );
    }
    // Params that need an earlier step's outputs cannot be checked yet: plan it after that step.
    const stepPlan: StepPlan = {
      action: handler.mutating ? 'update' : 'noop',
      summary: `${step.title} (planned once the values it needs are known)`,
      changes: [],
      calls: [],
    };
    return { planned: { ...base, ...fromStepPlan(stepPlan), pending }, params: resolved, stepPlan };
  }
  const ctx = buildContext(engine, run?.runId ?? '', step.id);
  const stepPlan = await runPhase(engine, run, {
    phase: 'plan',
    step,
    ctx,
    call: () => handler.plan(ctx, parsed.data),
  });
  const planned: PlannedStep = { ...base, ...fromStepPlan(stepPlan), pending };
  engine.emit({ type: 'step.planned', stepId: step.id, plan: planned });
  return { planned, params: parsed.data, stepPlan };
}

function fromStepPlan(plan: StepPlan): Omit<PlannedStep, 'id' | 'type' | 'title' | 'gate' | 'pending'> {
  return {
    action: plan.action,
    summary: plan.summary,
    changes: plan.changes,
    calls: plan.calls,
    details: plan.details ?? [],
  };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function inputsHashOf(inputs: Record<string, unknown>): string {
  return hashValue(inputs);
}

/** The plan hash binds approvals: runbook content, inputs and every planned action and change. */
export function planHashOf(plan: Omit<RunPlan, 'hash'>): string {
  return hashValue({
    runbookHash: plan.runbookHash,
    inputsHash: plan.inputsHash,
    steps: plan.steps.map((s) => ({
      id: s.id,
      type: s.type,
      gate: s.gate,
      action: s.action,
      changes: s.changes,
    })),
  });
}

/**
 * Plan every step before anything is written. Independent steps are planned concurrently
 * (`concurrency` at most); the plan and the events come out in runbook order regardless.
 */
export async function planAll(
  engine: Engine,
  opts: PlanOptions,
  concurrency = DEFAULT_PLAN_CONCURRENCY,
): Promise<RunPlan> {
  const { runbook } = opts.runbook;
  const steps = await planStepsConcurrently(
    engine,
    runbook.steps,
    (stepEngine, index, known) => planStep(stepEngine, opts.runbook, index, scopeFor(opts, known), undefined),
    concurrency,
  );
  const gates = Object.fromEntries(
    [...new Set(steps.flatMap((s) => (s.gate ? [s.gate] : [])))].map((id) => {
      const spec = runbook.gates[id];
      return [id, { approverRole: spec?.approverRole ?? '', evidence: spec?.evidence ?? [] }];
    }),
  );
  const withoutHash = {
    runbookHash: opts.runbook.hash,
    inputsHash: inputsHashOf(opts.inputs),
    integration: runbook.metadata.integration,
    phase: runbook.metadata.phase,
    steps,
    gates,
  };
  return { ...withoutHash, hash: planHashOf(withoutHash) };
}

/** Steps that change something (or need a person to): what `--detailed-exitcode` counts. */
export function countChanges(plan: RunPlan): number {
  return plan.steps.filter((s) => s.action !== 'noop' && s.action !== 'wait').length;
}
