// Runs the step loop under the tenant lock and journals how the run ended, whatever happens.
import { RefusedError, StepFailedError, WaitingError } from '../errors.ts';
import type { RunPlan } from '../journal/index.ts';
import { stopReason, type Engine } from './env.ts';
import { executeSteps, type Execution } from './execution.ts';
import { countChanges } from './plan.ts';
import type { RunFinishedSummary, RunOutcome } from './types.ts';

export interface DriveSpec {
  execution: Execution;
  /** Called once the lock is held, before any step: creates the journal and writes run.started. */
  begin(): Promise<void>;
  startedAtMs: number;
}

function finish(
  x: Execution,
  outcome: RunFinishedSummary['outcome'],
  startedAtMs: number,
): RunFinishedSummary {
  const summary: RunFinishedSummary = {
    runId: x.runId,
    outcome,
    counts: x.counts,
    durationMs: x.engine.clock.now().getTime() - startedAtMs,
  };
  x.engine.emit({ type: 'run.finished', summary });
  return summary;
}

async function journalEnd(
  x: Execution,
  outcome: 'succeeded' | 'failed' | 'interrupted' | 'refused',
): Promise<void> {
  await x.engine.journal.append(x.runId, {
    type: 'run.finished',
    at: x.engine.clock.now().toISOString(),
    outcome,
    // The journal says why a run stopped early (a signal, the output pipe closed).
    ...(outcome === 'interrupted' ? stopReason(x.engine) : {}),
  });
}

export async function drive(engine: Engine, spec: DriveSpec, plan: RunPlan): Promise<RunOutcome> {
  const x = spec.execution;
  const config = engine.env.config;
  const lock = await engine.locks.acquire(config.tenantId, plan.integration, {
    runId: x.runId,
    ...engine.lockOwner,
    startedAt: engine.clock.now().toISOString(),
  });
  try {
    await spec.begin();
    try {
      await executeSteps(x);
    } catch (error) {
      if (error instanceof WaitingError) {
        finish(x, 'waiting', spec.startedAtMs);
      } else if (error instanceof RefusedError) {
        await journalEnd(x, 'refused');
        finish(x, 'refused', spec.startedAtMs);
      } else {
        if (error instanceof StepFailedError) x.counts.failed += 1;
        const interrupted = engine.controller.signal.aborted;
        await journalEnd(x, interrupted ? 'interrupted' : 'failed');
        finish(x, interrupted ? 'interrupted' : 'failed', spec.startedAtMs);
      }
      throw error;
    }
    await journalEnd(x, 'succeeded');
    const summary = finish(x, 'succeeded', spec.startedAtMs);
    return { runId: x.runId, outcome: 'succeeded', plan, changes: countChanges(plan), summary };
  } finally {
    await lock.release();
  }
}
