// `sop-integrate rollback <run-id>`: undo done steps newest first from their journaled undo
// records. Journaled itself (rollback.intent before each undo, rollback.done after), so a
// second rollback is a no-op and an interrupted one resumes where it stopped. A journal with
// damaged lines is rolled back as far as its intact records prove, and never reported clean.
import { RollbackIncompleteError, StepFailedError } from '../errors.ts';
import { describeLines, replay, type JournalRead, type RunState } from '../journal/index.ts';
import { buildContext } from './context.ts';
import { resolveEngine, type Engine } from './env.ts';
import { noStartToRollBack } from './journal-damage.ts';
import { runPhase } from './phase.ts';
import { unaccountedSteps, type Unaccounted } from './rollback-damage.ts';
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

/** What a damaged journal leaves unaccounted for, as skips and as the error that ends the rollback. */
function damageOf(runId: string, journal: JournalRead, state: RunState) {
  const damage = journal.damage;
  if (!damage) return undefined;
  const { steps, problems } = unaccountedSteps(state, journal.records, damage);
  const skips = steps.map((s: Unaccounted) => ({
    stepId: s.stepId,
    reason: `may have changed something that damaged journal line ${s.lines.slice(0, 5).join(', ')}${s.lines.length > 5 ? ' (and more)' : ''} no longer shows; check it by hand`,
  }));
  const incomplete = (undone: string[], dryRun: boolean) =>
    new RollbackIncompleteError(
      runId,
      `rollback of run ${runId} ${dryRun ? 'would be' : 'is'} incomplete: its journal ${damage.source} is damaged at ${describeLines(damage.lines)}; ` +
        `${dryRun ? 'it would undo' : 'undid'} ${undone.length} step(s) the intact records prove` +
        (steps.length > 0
          ? `, and cannot account for ${steps.map((s) => s.stepId).join(', ')}`
          : ', and no step is unaccounted for, but the damaged line(s) could not be checked'),
      problems,
      {
        hint:
          steps.length > 0
            ? `check ${steps.map((s) => s.stepId).join(', ')} by hand in the tenant and undo what they changed (the run's plan: \`sop-integrate show ${runId}\`)`
            : `check the damaged line(s) by hand; \`sop-integrate show ${runId}\` lists what the intact records prove`,
      },
    );
  return { skips, incomplete };
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
    const damaged = damageOf(runId, journal, state);
    const planned = undoPlan(engine, state);
    const items = planned.items;
    const skipped = [...planned.skipped, ...(damaged?.skips ?? [])];
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
          await engine.journal.append(runId, { type: 'rollback.finished', at: at(), outcome: 'interrupted' });
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
          await engine.journal.append(runId, { type: 'rollback.finished', at: at(), outcome });
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
