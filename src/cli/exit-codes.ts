// The exit-code contract for CI (README "Exit codes"). The only place errors become numbers.
import type { ErrorCode } from '../errors.ts';

export const ExitCode = {
  success: 0,
  stepFailed: 1,
  invalidInput: 2,
  waiting: 3,
  changesPending: 4,
  refused: 5,
  rolledBack: 6,
  /** The run ended well, but a --report file (or the CI job summary) could not be written. */
  reportNotWritten: 7,
  /** Rollback undid what the intact journal records prove; damaged lines hide the rest. */
  rollbackIncomplete: 8,
  bug: 70,
} as const;

const byErrorCode: Record<ErrorCode, number> = {
  INPUT_INVALID: ExitCode.invalidInput,
  RUNBOOK_INVALID: ExitCode.invalidInput,
  VENDOR_RESPONSE_INVALID: ExitCode.stepFailed,
  WAITING_FOR_APPROVAL: ExitCode.waiting,
  WAITING_FOR_OPERATOR: ExitCode.waiting,
  REFUSED_LOCKED: ExitCode.refused,
  REFUSED_STALE_PLAN: ExitCode.refused,
  REFUSED_CHANGED: ExitCode.refused,
  REFUSED_WINDOW: ExitCode.refused,
  STEP_FAILED: ExitCode.stepFailed,
  ROLLED_BACK: ExitCode.rolledBack,
  ROLLBACK_INCOMPLETE: ExitCode.rollbackIncomplete,
  SERVICE_ERROR: ExitCode.stepFailed,
};

export function exitCodeFor(code: ErrorCode): number {
  return byErrorCode[code];
}
