// What the engine makes of a journal with damaged lines. The intact records are facts, but a
// damaged line may hide any record, so nothing may continue the run from them: resume and approve
// refuse, and rollback undoes only what the intact records prove (see rollback-damage.ts).
import { InputError, RollbackIncompleteError, type Problem } from '../errors.ts';
import { describeLines, type JournalDamage } from '../journal/index.ts';

/** How many damaged lines an error lists one by one. */
const LISTED_PROBLEMS = 20;

export function damageProblems(damage: JournalDamage, say?: (line: number) => string): Problem[] {
  const listed: Problem[] = damage.lines.slice(0, LISTED_PROBLEMS).map((l) => ({
    file: damage.source,
    line: l.line,
    message: `${l.reason}${say ? `; ${say(l.line)}` : ''}`,
  }));
  const rest = damage.lines.length - listed.length;
  if (rest > 0) listed.push({ file: damage.source, message: `and ${rest} more damaged line(s)` });
  return listed;
}

/** Resume and approve would act on a state the journal cannot prove: refuse, point at rollback. */
export function refuseDamaged(runId: string, damage: JournalDamage, action: string): InputError {
  return new InputError(
    `run ${runId} cannot be ${action}: its journal ${damage.source} is damaged at ${describeLines(damage.lines)}, so what the run did there is unknown`,
    damageProblems(damage),
    {
      hint: `undo what the intact records prove with \`sop-integrate rollback ${runId}\`, check what it names by hand, then start a new run`,
    },
  );
}

/** A run whose start record is damaged: nothing says what it planned or where it ran. */
export function noStartRecord(runId: string, damage: JournalDamage | undefined): InputError {
  if (!damage) return new InputError(`run ${runId} has no run.started record`);
  return new InputError(
    `run ${runId} has no readable start record: its journal ${damage.source} is damaged at ${describeLines(damage.lines)}`,
    damageProblems(damage),
    {
      hint: 'the run cannot be resumed or rolled back automatically; check its tenant by hand against the SOP',
    },
  );
}

/** Rollback of a run whose start record is damaged: nothing can be undone, and that is no success. */
export function noStartToRollBack(
  runId: string,
  damage: JournalDamage | undefined,
): InputError | RollbackIncompleteError {
  if (!damage) return new InputError(`run ${runId} has no run.started record; there is nothing to roll back`);
  return new RollbackIncompleteError(
    runId,
    `rollback of run ${runId} is incomplete: its journal ${damage.source} is damaged at ${describeLines(damage.lines)} and its start record is not readable, so nothing could be undone`,
    damageProblems(damage),
    { hint: 'check the tenant by hand against the SOP and undo what the run changed' },
  );
}
