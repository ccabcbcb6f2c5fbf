// The fleet's exit code: 0 when every tenant succeeded, otherwise the "worst" tenant's code.
// Worst means "needs a person first" (README "Fleets"): a failed step that left changes in
// place (1) beats a failure that was rolled back (6), then invalid input for a tenant (2),
// refused (5, also tenants never started), waiting for approval (3), changes pending (4).
// A rollback a damaged journal left incomplete (8) needs a person as much as a failed step; a
// report that could not be written after a good run (7) is only a warning.
import { ExitCode } from '../cli/exit-codes.ts';

const SEVERITY: readonly number[] = [
  ExitCode.bug,
  ExitCode.rollbackIncomplete,
  ExitCode.stepFailed,
  ExitCode.rolledBack,
  ExitCode.invalidInput,
  ExitCode.refused,
  ExitCode.waiting,
  ExitCode.changesPending,
  ExitCode.reportNotWritten,
  ExitCode.success,
];

function rank(code: number): number {
  const index = SEVERITY.indexOf(code);
  return index < 0 ? 0 : index;
}

export function worstExitCode(codes: Iterable<number>): number {
  let worst: number = ExitCode.success;
  for (const code of codes) if (rank(code) < rank(worst)) worst = code;
  return worst;
}
