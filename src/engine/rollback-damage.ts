// What a rollback cannot account for when lines of its journal are damaged. A damaged line may
// hide any record, among them the done record, with the undo record, of a step that changed
// something. Steps run one at a time in plan order (a resume starts again at the first unfinished
// one), so the steps a damaged line can belong to lie between the steps the intact records around
// it name. Of those, a step that changes things and has no intact done record may have changed
// something this rollback cannot undo.
import { RollbackIncompleteError, type Problem } from '../errors.ts';
import {
  describeLines,
  type DamagedLine,
  type JournalDamage,
  type JournalRead,
  type JournalRecord,
  type PlannedStep,
  type RunState,
} from '../journal/index.ts';
import { damageProblems } from './journal-damage.ts';

export interface Unaccounted {
  stepId: string;
  /** The damaged lines that may hold its records. */
  lines: number[];
}

const STEP_RECORDS = new Set<JournalRecord['type']>([
  'step.intent',
  'step.done',
  'step.verified',
  'step.failed',
  'step.waiting',
]);
const CHANGING = new Set<PlannedStep['action']>(['create', 'update', 'delete']);

function stepIdOf(record: JournalRecord): string | undefined {
  return STEP_RECORDS.has(record.type) && 'stepId' in record ? record.stepId : undefined;
}

/**
 * For each position among the intact records: the plan index of the last step record before it
 * and of the first at or after it (-1: none), precomputed so a journal full of damaged lines costs
 * one pass, not one pass per line.
 */
function neighbours(records: readonly JournalRecord[], plan: PlannedStep[]) {
  const planIndex = new Map(plan.map((s, i) => [s.id, i]));
  const indexes = records.map((r) => planIndex.get(stepIdOf(r) ?? '') ?? -1);
  const before: number[] = [-1];
  for (const i of indexes) before.push(i >= 0 ? i : (before.at(-1) ?? -1));
  const after = new Array<number>(indexes.length + 1).fill(-1);
  for (let j = indexes.length - 1; j >= 0; j -= 1) {
    const i = indexes[j] ?? -1;
    after[j] = i >= 0 ? i : (after[j + 1] ?? -1);
  }
  const rollbackAt = records.findIndex((r) => r.type === 'rollback.started');
  return { before, after, rollbackAt: rollbackAt < 0 ? Infinity : rollbackAt };
}

/** Plan indexes of the steps a damaged line can hold records of. */
function candidates(line: DamagedLine, n: ReturnType<typeof neighbours>, steps: number): number[] {
  // After rollback.started only rollback records follow (resume refuses a rolled-back run): a
  // damaged line there at worst makes an undo run again, as after a rollback stopped mid-undo.
  if (line.afterRecords > n.rollbackAt) return [];
  const found = n.before[line.afterRecords] ?? -1;
  const next = n.after[line.afterRecords] ?? -1;
  const lo = found < 0 ? 0 : found;
  const hi = next < 0 ? steps - 1 : next;
  const all = Array.from({ length: steps }, (_, i) => i);
  // lo > hi: the line sits where a resume started over at an earlier step.
  return lo <= hi ? all.filter((i) => i >= lo && i <= hi) : all.filter((i) => i <= hi || i >= lo);
}

export function unaccountedSteps(
  state: RunState,
  records: readonly JournalRecord[],
  damage: JournalDamage,
): { steps: Unaccounted[]; problems: Problem[] } {
  const plan = state.started?.plan.steps ?? [];
  const byStep = new Map<string, number[]>();
  const suspectsOf = new Map<number, string[]>();
  const around = neighbours(records, plan);
  for (const line of damage.lines) {
    const suspects = candidates(line, around, plan.length)
      .map((i) => plan[i])
      .filter((s): s is PlannedStep => s !== undefined && CHANGING.has(s.action))
      .filter((s) => !state.steps[s.id]?.done)
      .map((s) => s.id);
    suspectsOf.set(line.line, suspects);
    for (const stepId of suspects) byStep.set(stepId, [...(byStep.get(stepId) ?? []), line.line]);
  }
  const steps = plan
    .filter((s) => byStep.has(s.id))
    .map((s) => ({ stepId: s.id, lines: byStep.get(s.id) ?? [] }));
  const problems = damageProblems(damage, (line) => {
    const suspects = suspectsOf.get(line) ?? [];
    return suspects.length > 0
      ? `it may hold records of ${suspects.join(', ')}, which may have changed something not undone`
      : 'the intact records around it leave no step unaccounted for';
  });
  return { steps, problems };
}

/** What a damaged journal leaves unaccounted for, as skips and as the error that ends the rollback. */
export function rollbackDamage(runId: string, journal: JournalRead, state: RunState) {
  const damage = journal.damage;
  if (!damage) return undefined;
  const { steps, problems } = unaccountedSteps(state, journal.records, damage);
  const skips = steps.map((s) => ({
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
            ? `check ${steps.map((s) => s.stepId).join(', ')} by hand in the tenant and undo any change left behind (the run's plan: \`sop-integrate show ${runId}\`)`
            : `check the damaged line(s) by hand; \`sop-integrate show ${runId}\` lists what the intact records prove`,
      },
    );
  return { skips, incomplete };
}
