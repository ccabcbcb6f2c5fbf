// What `runs` shows of one journal: a summary built from the intact records, and a report of the
// damage when lines are broken, so one damaged journal is named instead of hiding every run.
import { replay } from './replay.ts';
import type { DamagedLine, DamagedRun, JournalRead, RunSummary } from './store.ts';

export function summarizeRun(runId: string, journal: JournalRead): RunSummary | undefined {
  const state = replay(journal.records);
  const started = state.started;
  if (!started) return undefined;
  return {
    runId,
    integration: started.integration,
    phase: started.phase,
    tenantId: started.tenantId,
    startedAt: started.startedAt,
    status: state.status,
    stepsDone: state.doneOrder.length,
    stepsTotal: started.plan.steps.length,
    ...(journal.tornTail ? { tornTail: journal.tornTail } : {}),
    ...(journal.damage ? { damage: journal.damage } : {}),
  };
}

/** How many damaged lines a message names; a file of garbage must not flood the terminal. */
export const NAMED_LINES = 5;

/** "line 7 (not a complete JSON record)", "lines 7 (…), 9 (…) and 3 more". */
export function describeLines(lines: readonly DamagedLine[]): string {
  const parts = lines.slice(0, NAMED_LINES).map((l) => `${l.line} (${l.reason})`);
  const more = lines.length > NAMED_LINES ? ` and ${lines.length - NAMED_LINES} more` : '';
  return `${lines.length === 1 ? 'line' : 'lines'} ${parts.join(', ')}${more}`;
}

/** Adds one run's journal to a listing: as a summary, as damage, or both. */
export function addToList(
  runId: string,
  journal: JournalRead,
  into: { runs: RunSummary[]; damaged: DamagedRun[] },
): void {
  const summary = summarizeRun(runId, journal);
  if (summary) into.runs.push(summary);
  const damage = journal.damage;
  if (!damage) return;
  into.damaged.push({
    runId,
    source: damage.source,
    lines: damage.lines,
    problem:
      `journal ${damage.source} is damaged at ${describeLines(damage.lines)}` +
      (summary ? '' : '; its start record is not readable, so the run is not listed'),
    listed: summary !== undefined,
  });
}
