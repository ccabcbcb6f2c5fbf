// `sop-integrate <integration> --phase n`: plan everything, then (unless dry-run) run it.
import { RefusedError } from '../errors.ts';
import { newRunId, replay, type RunPlan } from '../journal/index.ts';
import { drive } from './drive.ts';
import { resolveEngine, type Engine } from './env.ts';
import { emptyCounts, type Execution } from './execution.ts';
import { countChanges, planAll } from './plan.ts';
import type { PlanOptions, RunOptions, RunOutcome } from './types.ts';

/** The whole plan, computed against live state before anything is written. */
export async function planRun(opts: PlanOptions): Promise<RunPlan> {
  const engine = await resolveEngine({ ...opts, handleSignals: false });
  try {
    return await planAll(engine, opts);
  } finally {
    engine.dispose();
  }
}

async function freshRunId(engine: Engine): Promise<string> {
  for (;;) {
    const runId = newRunId(engine.clock.now());
    if (!(await engine.journal.exists(runId))) return runId;
  }
}

export async function runRunbook(opts: RunOptions): Promise<RunOutcome> {
  const engine = await resolveEngine(opts);
  try {
    const startedAtMs = engine.clock.now().getTime();
    const plan = await planAll(engine, opts);
    engine.emit({ type: 'plan', plan });
    if (opts.savedPlan && opts.savedPlan.hash !== plan.hash) {
      throw new RefusedError(
        'REFUSED_STALE_PLAN',
        `the saved plan ${opts.savedPlan.hash.slice(0, 12)} no longer matches live state (now ${plan.hash.slice(0, 12)})`,
        {
          hint: 'make and review a fresh plan with `sop-integrate plan ... --out plan.json`',
        },
      );
    }
    const counts = { ...emptyCounts(), planned: plan.steps.length };
    if (opts.dryRun) {
      const summary = {
        runId: undefined,
        outcome: 'dry-run' as const,
        counts,
        durationMs: engine.clock.now().getTime() - startedAtMs,
      };
      engine.emit({ type: 'run.finished', summary });
      return { runId: undefined, outcome: 'dry-run', plan, changes: countChanges(plan), summary };
    }
    const runId = await freshRunId(engine);
    const execution: Execution = {
      engine,
      opts,
      runId,
      reviewed: plan,
      // A new run's state is the replay of an empty journal.
      state: replay([]),
      approvals: [],
      counts: emptyCounts(),
    };
    return await drive(
      engine,
      {
        execution,
        startedAtMs,
        begin: async () => {
          const { config } = opts;
          const at = engine.clock.now().toISOString();
          await engine.journal.create(runId);
          await engine.journal.append(runId, {
            type: 'run.started',
            at,
            runId,
            integration: plan.integration,
            phase: plan.phase,
            tenantId: config.tenantId,
            runbookFile: opts.runbook.file,
            runbookHash: plan.runbookHash,
            inputsHash: plan.inputsHash,
            inputs: opts.redactor.value(opts.inputs),
            planHash: plan.hash,
            plan,
            dryRun: false,
            startedAt: at,
            toolVersion: engine.toolVersion,
          });
          engine.emit({
            type: 'run.started',
            runId,
            integration: plan.integration,
            phase: plan.phase,
            tenantId: config.tenantId,
            resumed: false,
          });
        },
      },
      plan,
    );
  } finally {
    engine.dispose();
  }
}
