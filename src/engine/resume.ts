// `sop-integrate resume <run-id>`: continue a stopped run from its journal. Refuses when the
// runbook or inputs changed since the run began; a step with an intent but no done record is
// re-planned against live state before anything is repeated.
import { InputError, RefusedError } from '../errors.ts';
import { replay } from '../journal/index.ts';
import { drive } from './drive.ts';
import { refuseDamaged } from './journal-damage.ts';
import { resolveEngine } from './env.ts';
import { emptyCounts, type Execution } from './execution.ts';
import { inputsHashOf } from './plan.ts';
import type { ResumeOptions, RunOutcome } from './types.ts';

export async function resumeRun(runId: string, opts: ResumeOptions): Promise<RunOutcome> {
  const engine = await resolveEngine(opts);
  try {
    const startedAtMs = engine.clock.now().getTime();
    const journal = await engine.journal.read(runId);
    // The engine cannot know what a damaged line recorded: it could be the done of a change.
    if (journal.damage) throw refuseDamaged(runId, journal.damage, 'resumed');
    if (journal.tornTail) {
      engine.emit({
        type: 'warning',
        message: `journal of ${runId} ends with a torn line (line ${journal.tornTail.line}, ${journal.tornTail.bytes} bytes) left by a crash; it is ignored`,
      });
    }
    const state = replay(journal.records);
    const started = state.started;
    if (!started) throw new InputError(`run ${runId} has no run.started record; it cannot be resumed`);
    if (state.rollback.started) {
      throw new InputError(`run ${runId} was rolled back; start a new run instead`);
    }
    if (opts.config.tenantId !== started.tenantId) {
      throw new RefusedError(
        'REFUSED_CHANGED',
        `run ${runId} ran against tenant ${started.tenantId}, not ${opts.config.tenantId}`,
        {
          hint: 'resume with the config of the tenant the run began on',
        },
      );
    }
    if (opts.runbook.hash !== started.runbookHash) {
      throw new RefusedError(
        'REFUSED_CHANGED',
        `the runbook ${opts.runbook.file} changed since run ${runId} began`,
        {
          hint: `restore the runbook as it was, or undo the run with \`sop-integrate rollback ${runId}\` and start a new one`,
        },
      );
    }
    if (inputsHashOf(opts.inputs) !== started.inputsHash) {
      throw new RefusedError('REFUSED_CHANGED', `the inputs changed since run ${runId} began`, {
        hint: `use the same config and --set values, or undo the run with \`sop-integrate rollback ${runId}\``,
      });
    }
    const plan = started.plan;
    engine.emit({ type: 'plan', plan });
    const execution: Execution = {
      engine,
      opts,
      runId,
      reviewed: plan,
      state,
      approvals: state.approvals.map((a) => ({
        gate: a.gate,
        approver: a.approver,
        role: a.role,
        evidence: a.evidence,
        planHash: a.planHash,
        ...(a.expiresAt ? { expiresAt: a.expiresAt } : {}),
      })),
      counts: emptyCounts(),
    };
    return await drive(
      engine,
      {
        execution,
        startedAtMs,
        begin: async () => {
          engine.emit({
            type: 'run.started',
            runId,
            integration: started.integration,
            phase: started.phase,
            tenantId: started.tenantId,
            resumed: true,
          });
        },
      },
      plan,
    );
  } finally {
    engine.dispose();
  }
}
