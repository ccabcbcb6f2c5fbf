// The closed set of errors sop-integrate raises. Every error a user can see is one of these;
// only src/cli/exit-codes.ts maps them to exit codes and words.

/** A place in a user's file (runbook, config, approvals, plan) that a problem points at. */
export interface SourcePlace {
  file: string;
  line?: number;
  col?: number;
}

export interface Problem extends SourcePlace {
  message: string;
}

export type ErrorCode =
  | 'INPUT_INVALID' // flags, config, approvals file, saved plan: the user's input is wrong
  | 'RUNBOOK_INVALID' // runbook fails to parse, schema or semantic rules
  | 'VENDOR_RESPONSE_INVALID' // a service answered with a shape we cannot trust
  | 'WAITING_FOR_APPROVAL' // a gate needs an approval that non-interactive mode cannot ask for
  | 'WAITING_FOR_OPERATOR' // a manual step awaits an operator's confirmation
  | 'REFUSED_LOCKED' // another run holds the tenant + integration lock
  | 'REFUSED_STALE_PLAN' // live state changed since the plan was made
  | 'REFUSED_CHANGED' // runbook or inputs changed since the run began, or a saved plan was edited
  | 'REFUSED_WINDOW' // outside the change window
  | 'STEP_FAILED' // a step's plan/apply/verify/undo failed; the run is journaled
  | 'ROLLED_BACK' // a step failed and the run was rolled back automatically
  | 'ROLLBACK_INCOMPLETE' // a rollback undid what the journal proves, but the journal is damaged
  | 'SERVICE_ERROR'; // an external service call failed (wrapped into STEP_FAILED by the engine)

export abstract class SopError extends Error {
  abstract readonly code: ErrorCode;
  /** What the user should do next, in one sentence. */
  readonly hint: string | undefined;

  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/**
 * Bad flags, config, approvals, plan files or input values. Nothing was changed: local checks
 * call nothing; a value only a service can judge is found by reads while planning (README "Exit codes").
 */
export class InputError extends SopError {
  readonly code = 'INPUT_INVALID';
  constructor(
    message: string,
    readonly problems: Problem[] = [],
    options?: { hint?: string; cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A runbook that cannot run. Every problem is listed with file:line:col. */
export class RunbookError extends SopError {
  readonly code = 'RUNBOOK_INVALID';
  constructor(
    readonly problems: Problem[],
    options?: { hint?: string },
  ) {
    super(`${problems.length} problem(s) in runbook`, options);
  }
}

export type ServiceFailureKind =
  | 'auth' // 401: credential missing, expired or wrong
  | 'forbidden' // 403: permission or role missing
  | 'not-found'
  | 'conflict'
  | 'bad-request'
  | 'throttled' // 429 still failing after retries
  | 'unavailable' // 5xx after retries
  | 'network' // reset, refused, DNS
  | 'timeout';

/** An external call failed. Carries the vendor's own code and request id for support cases. */
export class ServiceError extends SopError {
  readonly code = 'SERVICE_ERROR';
  constructor(
    readonly service: string,
    readonly kind: ServiceFailureKind,
    message: string,
    readonly details: {
      status?: number;
      vendorCode?: string;
      requestId?: string;
      operation?: string;
      /** ISO time the service asked to be called again at, when that was past what a run waits. */
      retryAt?: string;
    } = {},
    options?: { hint?: string; cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A service answered 2xx with a body we cannot trust (schema mismatch, truncated JSON). */
export class VendorResponseError extends SopError {
  readonly code = 'VENDOR_RESPONSE_INVALID';
  constructor(
    readonly service: string,
    message: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(message, options);
  }
}

export class WaitingError extends SopError {
  constructor(
    readonly code: 'WAITING_FOR_APPROVAL' | 'WAITING_FOR_OPERATOR',
    message: string,
    readonly runId: string | undefined,
    readonly gate: string,
    options?: { hint?: string },
  ) {
    super(message, options);
  }
}

export class RefusedError extends SopError {
  constructor(
    readonly code: 'REFUSED_LOCKED' | 'REFUSED_STALE_PLAN' | 'REFUSED_CHANGED' | 'REFUSED_WINDOW',
    message: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(message, options);
  }
}

export class StepFailedError extends SopError {
  readonly code = 'STEP_FAILED';
  constructor(
    readonly runId: string,
    readonly stepId: string,
    readonly phase: 'plan' | 'apply' | 'verify' | 'undo',
    message: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(message, options);
  }
}

export class RolledBackError extends SopError {
  readonly code = 'ROLLED_BACK';
  constructor(
    readonly runId: string,
    readonly stepId: string,
    message: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A rollback undid what the intact journal records prove, but damaged journal lines may hide
 * changes it could not undo. Never a clean rollback: the problems name the lines, the message the
 * steps to check by hand.
 */
export class RollbackIncompleteError extends SopError {
  readonly code = 'ROLLBACK_INCOMPLETE';
  constructor(
    readonly runId: string,
    message: string,
    readonly problems: Problem[],
    options?: { hint?: string },
  ) {
    super(message, options);
  }
}

export function isSopError(error: unknown): error is SopError {
  return error instanceof SopError;
}
