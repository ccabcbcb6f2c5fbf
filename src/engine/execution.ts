// The step loop shared by a new run and a resumed one: for each step, skip what the journal
// says is done, pass its gate, re-plan against live state, refuse drift, write the intent,
// apply, write done + undo, verify. Every phase goes through runPhase.
import { RefusedError, RunbookError, StepFailedError } from '../errors.ts';
import type { RunPlan, RunState, StepState } from '../journal/index.ts';
import { resolveTemplates } from '../runbook/template.ts';
import type { RunbookStep } from '../runbook/types.ts';
import type { AnyStepHandler, ApplyResult, JsonValue, Outputs, VerifyResult } from '../steps/contract.ts';
import { ensureGate, ensureOperator } from './confirm.ts';
import { buildContext } from './context.ts';
import { findDrift } from './drift.ts';
import { checkChangeWindow } from './window.ts';
import { stopReason, type Engine } from './env.ts';
import { runPhase } from './phase.ts';
import { planStep, scopeFor, type StepPlanned } from './plan.ts';
import type { Approval, ResumeOptions, RunSummaryCounts } from './types.ts';

export interface Execution {
  engine: Engine;
  opts: ResumeOptions;
  runId: string;
  /** The plan that was reviewed and approved; approvals are bound to its hash. */
  reviewed: RunPlan;
  /** The journal replayed when the run (re)started. */
  state: RunState;
  /** Approvals journaled in this run (grows as gates pass). */
  approvals: Approval[];
  counts: RunSummaryCounts;
}

export function emptyCounts(): RunSummaryCounts {
  return { planned: 0, applied: 0, noop: 0, skipped: 0, verified: 0, failed: 0 };
}

function paramsOf(
  x: Execution,
  index: number,
  handler: AnyStepHandler,
  outputs: Record<string, Outputs | undefined>,
): unknown {
  const step = x.opts.runbook.runbook.steps[index] as RunbookStep;
  const parsed = handler.params.safeParse(resolveTemplates(step.with, scopeFor(x.opts, outputs)));
  if (parsed.success) return parsed.data;
  throw new RunbookError(
    parsed.error.issues.map((issue) => ({
      ...x.opts.runbook.placeOf(['steps', index, 'with']),
      message: `step ${step.id}: ${issue.message}`,
    })),
  );
}

function waitingSinceOf(past: StepState | undefined): Date | undefined {
  return past?.waitingSince ? new Date(past.waitingSince) : undefined;
}

/** The journal and events carry `verified: false` + reason only for checks taken on trust. */
function unverifiedOf(r: VerifyResult): { verified?: false; reason?: string } {
  return r.verified === false ? { verified: false, reason: r.reason ?? 'not given' } : {};
}

async function verify(
  x: Execution,
  step: RunbookStep,
  handler: AnyStepHandler,
  params: unknown,
  outputs: Outputs,
  waitingSince?: Date,
): Promise<void> {
  const { engine } = x;
  const ctx = buildContext(engine, x.runId, step.id, undefined, waitingSince);
  await runPhase(engine, x, {
    phase: 'verify',
    step,
    ctx,
    call: () => handler.verify(ctx, params, outputs),
    after: (r) => [
      {
        type: 'step.verified',
        at: engine.clock.now().toISOString(),
        stepId: step.id,
        ok: r.ok,
        checks: r.checks,
        ...unverifiedOf(r),
      },
    ],
    failureOf: (r) => (r.ok ? undefined : `verification failed: ${r.checks.join('; ') || 'no check passed'}`),
    event: (r) => ({
      type: 'step.verified',
      stepId: step.id,
      ok: r.ok,
      checks: r.checks,
      ...unverifiedOf(r),
    }),
  });
  x.counts.verified += 1;
}

async function apply(
  x: Execution,
  step: RunbookStep,
  handler: AnyStepHandler,
  fresh: StepPlanned,
  past: StepState | undefined,
  waitingSince?: Date,
): Promise<ApplyResult> {
  const { engine } = x;
  const at = engine.clock.now();
  const firstAttemptAt = past?.firstAttemptAt ? new Date(past.firstAttemptAt) : at;
  const ctx = buildContext(engine, x.runId, step.id, firstAttemptAt, waitingSince);
  // A resumed attempt applies against what the first attempt's plan saw, so its undo record
  // also covers what the crashed attempt created before it could journal anything.
  const observed = past?.observed ?? fresh.stepPlan.observed;
  const stepPlan =
    observed === undefined ? fresh.stepPlan : { ...fresh.stepPlan, observed: observed as JsonValue };
  const result = await runPhase(engine, x, {
    phase: 'apply',
    step,
    ctx,
    before: {
      type: 'step.intent',
      at: at.toISOString(),
      stepId: step.id,
      attempt: (past?.attempts ?? 0) + 1,
      ...(observed === undefined ? {} : { observed }),
    },
    call: () => handler.apply(ctx, fresh.params, stepPlan),
    after: (r) => [
      {
        type: 'step.done',
        at: engine.clock.now().toISOString(),
        stepId: step.id,
        outputs: r.outputs,
        undo: r.undo,
      },
    ],
    event: (r) => ({ type: 'step.applied', stepId: step.id, outputs: r.outputs }),
  });
  x.counts.applied += 1;
  return result;
}

async function recordNoop(x: Execution, step: RunbookStep, fresh: StepPlanned): Promise<Outputs> {
  const outputs = fresh.stepPlan.knownOutputs ?? {};
  const at = x.engine.clock.now().toISOString();
  await x.engine.journal.append(x.runId, { type: 'step.done', at, stepId: step.id, outputs, undo: null });
  x.engine.emit({
    type: 'step.skipped',
    stepId: step.id,
    reason: 'already as planned, nothing to apply',
    outputs,
  });
  x.counts.noop += 1;
  return outputs;
}

function stoppedBefore(x: Execution, step: RunbookStep): StepFailedError {
  const { reason } = stopReason(x.engine);
  return new StepFailedError(
    x.runId,
    step.id,
    'apply',
    `stopped before step ${step.id}${reason ? `: ${reason}` : ''}; nothing of it was changed`,
    {
      hint: `continue with \`sop-integrate resume ${x.runId}\` or undo with \`sop-integrate rollback ${x.runId}\``,
    },
  );
}

export async function executeSteps(x: Execution): Promise<void> {
  const { engine, opts } = x;
  const steps = opts.runbook.runbook.steps;
  const outputs: Record<string, Outputs | undefined> = {};
  for (let index = 0; index < steps.length; index += 1) {
    const step = steps[index] as RunbookStep;
    if (engine.controller.signal.aborted) throw stoppedBefore(x, step);
    const handler = engine.handlerFor(step.type, opts.runbook.placeOf(['steps', index, 'type']));
    const past = x.state.steps[step.id];
    if (past?.done) {
      outputs[step.id] = past.outputs;
      if (past.verified?.ok) {
        engine.emit({ type: 'step.skipped', stepId: step.id, reason: 'done in an earlier attempt' });
        x.counts.skipped += 1;
      } else {
        await verify(
          x,
          step,
          handler,
          paramsOf(x, index, handler, outputs),
          past.outputs ?? {},
          waitingSinceOf(past),
        );
      }
      continue;
    }
    const reviewed = x.reviewed.steps.find((s) => s.id === step.id);
    // A gate guards changes: a step reviewed as unchanged needs no approval (drift is refused below).
    // On a read-only step (a review, an inventory, a note) the gate is a sign-off and always asked.
    if (reviewed?.action !== 'noop' || !handler.mutating) await ensureGate(x, step);
    const fresh = await planStep(engine, opts.runbook, index, scopeFor(opts, outputs), x);
    x.counts.planned += 1;
    // A step with an intent but no done was partly applied by us: its drift is our own doing.
    const partlyApplied = (past?.attempts ?? 0) > 0;
    const drift = reviewed && !partlyApplied ? findDrift(reviewed, fresh.planned) : undefined;
    if (drift !== undefined) {
      throw new RefusedError('REFUSED_STALE_PLAN', `live state changed since the plan was made: ${drift}`, {
        hint: `review a fresh plan (--dry-run), or undo what this run did with \`sop-integrate rollback ${x.runId}\``,
      });
    }
    if (handler.mutating && fresh.stepPlan.action !== 'noop') {
      checkChangeWindow(opts.window, engine.clock.now(), step.id);
    }
    let waitingSince: Date | undefined;
    if (fresh.stepPlan.action === 'manual') {
      // The operator's work starts when they are asked (or when the run first paused for it).
      waitingSince = waitingSinceOf(past) ?? engine.clock.now();
      await ensureOperator(x, step, fresh);
    }
    outputs[step.id] =
      fresh.stepPlan.action === 'noop' && !partlyApplied
        ? await recordNoop(x, step, fresh)
        : (await apply(x, step, handler, fresh, past, waitingSince)).outputs;
    await verify(x, step, handler, fresh.params, outputs[step.id] ?? {}, waitingSince);
  }
}
