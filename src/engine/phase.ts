// The one wrapper every step phase (plan, apply, verify, undo) runs through: it announces the
// phase, writes the write-ahead record, lets an interrupted call finish within a grace period,
// journals the result or the failure, and tags errors with run, step and phase. Callers
// describe a phase as data; nothing else in the engine journals step outcomes.
import { isSopError, RefusedError, ServiceError, StepFailedError, WaitingError } from '../errors.ts';
import type { JournalRecord } from '../journal/index.ts';
import type { StepContext } from '../steps/contract.ts';
import type { Engine } from './env.ts';
import type { RunEvent, StepPhase } from './types.ts';

export interface StepRef {
  id: string;
  type: string;
  title: string;
}

export interface PhaseSpec<T> {
  phase: StepPhase;
  step: StepRef;
  ctx: StepContext;
  call: () => Promise<T>;
  /** Journaled and flushed before the call: the intent a crash leaves behind. */
  before?: JournalRecord;
  /** Journaled after the call succeeded. */
  after?: (result: T) => JournalRecord[];
  /** A message when the result itself is a failure (e.g. verify returned ok: false). */
  failureOf?: (result: T) => string | undefined;
  event?: (result: T) => RunEvent;
}

/** The run a phase belongs to; without one (planning before a run exists) nothing is journaled. */
export interface PhaseRun {
  runId: string;
}

const INTERRUPTED = Symbol('interrupted');

/** Waits for the call; once the run is stopped, waits at most `graceMs` longer. */
async function finishOrGiveUp<T>(promise: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const givenUp = new Promise<typeof INTERRUPTED>((resolve) => {
    const start = () => {
      timer = setTimeout(() => resolve(INTERRUPTED), graceMs);
      timer.unref();
    };
    if (signal.aborted) start();
    else {
      onAbort = start;
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    const result = await Promise.race([promise, givenUp]);
    if (result === INTERRUPTED) {
      throw new StepInterrupted(
        `the call did not finish within ${Math.round(graceMs / 1000)}s after the stop signal`,
      );
    }
    return result;
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Internal: converted to a journaled StepFailedError by runPhase, never seen by callers. */
class StepInterrupted extends Error {}

function describe(error: unknown, interrupted: boolean): { code: string; message: string } {
  if (error instanceof StepInterrupted) return { code: 'INTERRUPTED', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (interrupted) return { code: 'INTERRUPTED', message: `stopped: ${message}` };
  return { code: isSopError(error) ? error.code : 'UNEXPECTED', message };
}

/** When a service named the time to come back (a long Retry-After), the hint says that time. */
function retryAtOf(error: unknown): string | undefined {
  return error instanceof ServiceError ? error.details.retryAt : undefined;
}

function hintFor(phase: StepPhase, runId: string, error: unknown): string {
  const retryAt = retryAtOf(error);
  if (phase === 'undo')
    return retryAt
      ? `rollback after ${retryAt}: sop-integrate rollback ${runId}`
      : `fix the cause, then run \`sop-integrate rollback ${runId}\` again`;
  if (retryAt)
    return `resume after ${retryAt}: sop-integrate resume ${runId} (or undo with \`sop-integrate rollback ${runId}\`)`;
  return `continue with \`sop-integrate resume ${runId}\` or undo with \`sop-integrate rollback ${runId}\``;
}

export async function runPhase<T>(engine: Engine, run: PhaseRun | undefined, spec: PhaseSpec<T>): Promise<T> {
  const { step, phase } = spec;
  const at = () => engine.clock.now().toISOString();
  engine.emit({ type: 'step.started', stepId: step.id, stepType: step.type, title: step.title, phase });
  let result: T;
  try {
    if (run && spec.before) await engine.journal.append(run.runId, spec.before);
    result = await finishOrGiveUp(spec.call(), engine.controller.signal, engine.abortGraceMs);
    if (run && spec.after)
      for (const record of spec.after(result)) await engine.journal.append(run.runId, record);
    const failure = spec.failureOf?.(result);
    if (failure !== undefined) throw new PhaseResultFailed(failure);
  } catch (error) {
    // Waiting and refusals are not failures of the step: the caller journals them.
    if (error instanceof WaitingError || error instanceof RefusedError) throw error;
    const cause = error instanceof PhaseResultFailed ? undefined : error;
    const raw =
      error instanceof PhaseResultFailed
        ? { code: 'STEP_FAILED', message: error.message }
        : describe(error, engine.controller.signal.aborted);
    const described = { code: raw.code, message: engine.env.redactor.text(raw.message) };
    engine.emit({ type: 'step.failed', stepId: step.id, phase, error: described });
    if (!run) throw error;
    await engine.journal.append(run.runId, {
      type: 'step.failed',
      at: at(),
      stepId: step.id,
      phase,
      error: described,
    });
    throw new StepFailedError(
      run.runId,
      step.id,
      phase,
      `step ${step.id} failed in ${phase}: ${described.message}`,
      {
        hint: hintFor(phase, run.runId, error),
        cause,
      },
    );
  }
  const event = spec.event?.(result);
  if (event) engine.emit(event);
  return result;
}

/** Internal: a phase returned a failing result (verify ok: false); becomes a StepFailedError. */
class PhaseResultFailed extends Error {}
