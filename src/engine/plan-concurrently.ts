// Plans a runbook's steps at the same time where they do not depend on each other. A step waits
// only for the steps its `with:` references (`${steps.<id>.outputs.…}`), because those are the
// only plans whose results (known outputs, or the unknown marker) it can see. The first step not
// yet finished speaks live; later steps' events are held back and released when their turn
// comes, so the event stream, like the plan, is exactly what planning one step after another
// gives; only the waiting overlaps.
import type { PlannedStep } from '../journal/index.ts';
import { findReferences, parseReference } from '../runbook/template.ts';
import type { RunbookStep } from '../runbook/types.ts';
import type { Outputs } from '../steps/contract.ts';
import type { Engine } from './env.ts';
import type { StepPlanned } from './plan.ts';
import type { RunEvent } from './types.ts';

/** Plans step `index` with the outputs known of the steps it references. */
export type PlanOneStep = (
  engine: Engine,
  index: number,
  known: Record<string, Outputs | undefined>,
) => Promise<StepPlanned>;

/**
 * How many steps are planned at once. Plans only read; this bounds one run's burst of reads
 * (a fleet runs many tenants side by side) while covering the independent steps of every
 * shipped runbook.
 */
export const DEFAULT_PLAN_CONCURRENCY = 8;

/** Ids of the steps whose outputs a step's `with:` refers to, in first-reference order. */
export function referencedSteps(step: RunbookStep): string[] {
  const ids = findReferences(step.with).flatMap(({ body }) => {
    const ref = parseReference(body);
    return ref?.kind === 'steps' ? [ref.stepId] : [];
  });
  return [...new Set(ids)];
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** A counting semaphore: at most `limit` holders at a time, served first come first served. */
function slots(limit: number): () => Promise<() => void> {
  let free = Math.max(1, limit);
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else free += 1;
  };
  return async () => {
    if (free > 0) free -= 1;
    else await new Promise<void>((resolve) => queue.push(resolve));
    return release;
  };
}

/**
 * Plans every step of `steps` with `planOne` and returns the planned steps in runbook order. A failing
 * plan throws the error of the first failing step in runbook order, after the events of the
 * steps before it (and its own) were released, as when planning one after another; plans of
 * later steps that were already reading are awaited and their events dropped.
 */
export async function planStepsConcurrently(
  engine: Engine,
  steps: readonly RunbookStep[],
  planOne: PlanOneStep,
  concurrency = DEFAULT_PLAN_CONCURRENCY,
): Promise<PlannedStep[]> {
  const acquire = slots(concurrency);
  const known: Record<string, Outputs | undefined> = {};
  const byId = new Map<string, Promise<unknown>>();
  const held: RunEvent[][] = steps.map(() => []);
  let speaking = 0;

  const planned = steps.map((step, index) => {
    // At concurrency 1 every step also waits for the one before it: strictly one after another,
    // in runbook order (a step whose reference is not met must not let a later one overtake it).
    const previous = steps[index - 1];
    const inTurn = concurrency <= 1 && previous ? [previous.id] : [];
    const references = referencedSteps(step);
    const dependsOn = [...new Set([...references, ...inTurn])];
    const emit = (event: RunEvent) => (index === speaking ? engine.emit(event) : held[index]?.push(event));
    const holding: Engine = { ...engine, emit };
    const plan = (async () => {
      // The semantic rules allow references to earlier steps only, so this never waits on itself.
      await Promise.all(dependsOn.flatMap((id) => byId.get(id) ?? []));
      const visible = Object.fromEntries(references.map((id) => [id, known[id]]));
      const release = await acquire();
      try {
        const result = await planOne(holding, index, visible);
        known[step.id] =
          result.stepPlan.action === 'noop' && !result.planned.pending
            ? result.stepPlan.knownOutputs
            : undefined;
        return result.planned;
      } finally {
        release();
      }
    })();
    byId.set(step.id, plan);
    return settle(plan);
  });

  const results: PlannedStep[] = [];
  for (const [index, pending] of planned.entries()) {
    speaking = index;
    for (const event of held[index]?.splice(0) ?? []) engine.emit(event);
    const outcome = await pending;
    if (!outcome.ok) {
      speaking = -1;
      await Promise.all(planned);
      throw outcome.error;
    }
    results.push(outcome.value);
  }
  return results;
}
