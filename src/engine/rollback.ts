// `sop-integrate rollback <run-id>`: undo done steps newest first from their journaled undo
// records. Journaled itself (rollback.intent before each undo, rollback.done after), so a
// second rollback is a no-op and an interrupted one resumes where it stopped. A journal with
// damaged lines is rolled back as far as its intact records prove, and never reported clean.
import { StepFailedError } from '../errors.ts';
import { replay, type RunState } from '../journal/index.ts';
import { buildContext } from './context.ts';
import { resolveEngine, stopReason, type Engine } from './env.ts';
import { noStartToRollBack } from './journal-damage.ts';
import { runPhase } from './phase.ts';
import { rollbackDamage } from './rollback-damage.ts';
import type { RollbackOptions, RollbackOutcome, RollbackSkip } from './types.ts';

interface UndoItem {
  stepId: string;
  type: string;
  title: string;
}

function undoPlan(engine: Engine, state: RunState): { items: UndoItem[]; skipped: RollbackSkip[] } {
  const planned = new Map((state.started?.plan.steps ?? []).map((s) => [s.id, s]));
  const items: UndoItem[] = [];
  const skipped: RollbackSkip[] = [];
  for (const stepId of [...state.doneOrder].reverse()) {
    const step = state.steps[stepId];
    const plannedStep = planned.get(stepId);
    if (!step || !plannedStep) continue;
    if (state.rollback.undone.includes(stepId)) continue; // undone by an earlier rollback
    if (!step.undo) {
      const resumedAfterCrash =
        step.attempts > 0 && ['create', 'update', 'delete'].includes(plannedStep.action);
      skipped.push({
        stepId,
        reason: resumedAfterCrash
          ? 'was interrupted mid-apply and found complete on resume, so its before-state was never captured; check it by hand'
          : 'has no undo record: it changed nothing that needs undoing',
      });
      continue;
    }
    const handler = engine.handlerFor(plannedStep.type);
    if (!handler.undo) {
      skipped.push({
        stepId,
        reason: `cannot be undone: ${handler.irreversible ?? 'the step type has no undo'}`,
      });
      continue;
    }
    items.push({ stepId, type: plannedStep.type, title: plannedStep.title });
  }
  // A crash between intent and done leaves a change the journal has no undo record for.
  for (const step of Object.values(state.steps)) {
    if (step.attempts > 0 && !step.done) {
      skipped.push({
        stepId: step.stepId,
        reason:
          'stopped or failed mid-apply, so it has no undo record; resume the run first, or check it by hand',
      });
    }
  }
  return { items, skipped };
}

export async function rollbackRun(runId: string, opts: RollbackOptions): Promise<RollbackOutcome> {
  const engine = await resolveEngine(opts);
  try {
    const journal = await engine.journal.read(runId);
    const state = replay(journal.records);
    const started = state.started;
    if (!started) throw noStartToRollBack(runId, journal.damage);
    if (journal.tornTail) {
      engine.emit({
        type: 'warning',
        message: `journal of ${runId} ends with a torn line (line ${journal.tornTail.line}, ${journal.tornTail.bytes} bytes) left by a crash; it is ignored`,
      });
    }
    const damaged = rollbackDamage(runId, journal, state);
    const planned = undoPlan(engine, state);
    const items = planned.items;
    // A step the damage leaves unaccounted for is named once, with the reason that matters most.
    const unaccounted = new Set((damaged?.skips ?? []).map((s) => s.stepId));
    const skipped = [...planned.skipped.filter((s) => !unaccounted.has(s.stepId)), ...(damaged?.skips ?? [])];
    const stepIds = items.map((i) => i.stepId);
    engine.emit({ type: 'rollback.started', runId, dryRun: opts.dryRun ?? false, steps: stepIds });
    const unfinished = state.rollback.started && !state.rollback.finished;
    if (opts.dryRun || (items.length === 0 && !unfinished)) {
      const undone = opts.dryRun ? stepIds : [];
      engine.emit({ type: 'rollback.finished', runId, undone, skipped });
      if (damaged) throw damaged.incomplete(undone, opts.dryRun ?? false);
      return {
        runId,
        dryRun: opts.dryRun ?? false,
        undone,
        skipped,
        status: state.status,
      };
    }
    const lock = await engine.locks.acquire(started.tenantId, started.integration, {
      runId,
      ...engine.lockOwner,
      startedAt: engine.clock.now().toISOString(),
    });
    const at = () => engine.clock.now().toISOString();
    const undone: string[] = [];
    try {
      await engine.journal.append(runId, { type: 'rollback.started', at: at() });
      for (const item of items) {
        if (engine.controller.signal.aborted) {
          await engine.journal.append(runId, {
            type: 'rollback.finished',
            at: at(),
            outcome: 'interrupted',
            ...stopReason(engine),
          });
          throw new StepFailedError(
            runId,
            item.stepId,
            'undo',
            `rollback stopped before undoing step ${item.stepId}`,
            {
              hint: `continue with \`sop-integrate rollback ${runId}\``,
            },
          );
        }
        const record = state.steps[item.stepId]?.undo;
        const handler = engine.handlerFor(item.type);
        if (!record || !handler.undo) continue;
        const undo = handler.undo.bind(handler);
        const ctx = buildContext(engine, runId, item.stepId);
        try {
          await runPhase(
            engine,
            { runId },
            {
              phase: 'undo',
              step: { id: item.stepId, type: item.type, title: item.title },
              ctx,
              before: { type: 'rollback.intent', at: at(), stepId: item.stepId },
              call: () => undo(ctx, record),
              after: () => [{ type: 'rollback.done', at: at(), stepId: item.stepId }],
              event: () => ({ type: 'step.undone', stepId: item.stepId }),
            },
          );
        } catch (error) {
          const outcome = engine.controller.signal.aborted ? 'interrupted' : 'failed';
          await engine.journal.append(runId, {
            type: 'rollback.finished',
            at: at(),
            outcome,
            ...(outcome === 'interrupted' ? stopReason(engine) : {}),
          });
          throw error;
        }
        undone.push(item.stepId);
      }
      // A damaged journal is never recorded as rolled back: its next rollback says so again.
      await engine.journal.append(runId, {
        type: 'rollback.finished',
        at: at(),
        outcome: damaged ? 'failed' : 'rolled-back',
      });
    } finally {
      await lock.release();
    }
    engine.emit({ type: 'rollback.finished', runId, undone, skipped });
    if (damaged) throw damaged.incomplete(undone, false);
    return { runId, dryRun: false, undone, skipped, status: 'rolled-back' };
  } finally {
    engine.dispose();
  }
}
