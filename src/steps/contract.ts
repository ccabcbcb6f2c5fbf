// The step contract (docs/architecture.md, "Steps"). A step type is a plain object satisfying
// StepHandler<Params>; the engine knows steps only through this file and the registry.
import type { z } from 'zod';
import type { Services } from '../services/services.ts';
import type { SecretStore } from '../secrets/contract.ts';
import type { Redactor } from '../redact.ts';

export type PlanAction = 'create' | 'update' | 'delete' | 'noop' | 'manual' | 'wait';

/** Marks a value only known once an earlier step has applied (e.g. a new app's appId). */
export const UNKNOWN_PREFIX = '(known after apply: ';
export function unknownValue(reference: string): string {
  return `${UNKNOWN_PREFIX}${reference})`;
}
export function isUnknown(value: unknown): boolean {
  return typeof value === 'string' && value.includes(UNKNOWN_PREFIX);
}

/** One line of the human diff: `path: before -> after`. */
export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

/** An exact call the step will make, shown in the plan. */
export interface PlannedCall {
  service: string; // 'graph' | 'exchange' | 'dns' | 'proofpoint' | 'ninjaone' | 'secrets'
  method: string; // HTTP verb or cmdlet name
  target: string; // path or cmdlet parameters summary
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Outputs = Record<string, JsonValue>;

export interface StepPlan {
  action: PlanAction;
  /** One line a reviewer reads first, e.g. "create app Proofpoint-Directory-Sync". */
  summary: string;
  changes: Change[];
  calls: PlannedCall[];
  /** Extra lines for reviewers (e.g. each permission with its meaning). */
  details?: string[];
  /** Outputs already known at plan time (for noop steps, so later steps can plan concretely). */
  knownOutputs?: Outputs;
  /** Live state the plan was computed from; apply re-reads and compares to detect drift. */
  observed?: JsonValue;
}

/** Everything needed to restore the before-state. JSON only; never a secret value. */
export type UndoRecord = { [key: string]: JsonValue };

export interface ApplyResult {
  outputs: Outputs;
  undo: UndoRecord | null;
}

export interface VerifyResult {
  ok: boolean;
  /** What was checked, one line each, shown to the operator and journaled. */
  checks: string[];
  /**
   * false: nothing outside could prove the change (e.g. the tenant cannot read sign-in logs), so
   * `ok` rests on the operator's confirmation alone; journaled and reported as UNVERIFIED.
   * Omitted = verified.
   */
  verified?: false;
  /** Why it could not be verified, when `verified` is false. */
  reason?: string;
}

export interface StepLogger {
  info(message: string): void;
  progress(message: string, done?: number, total?: number): void;
  warn(message: string): void;
}

/**
 * Where a step keeps files on this machine, all under `<state-dir>/tmp` (0700): never in a shared,
 * predictable folder of the system temp dir, where another local user could read a package's keys
 * or swap an installer.
 */
export interface StepFiles {
  /**
   * This process's private folder (0700) for temporary files, e.g. a package being built (its
   * Detection.xml holds the encryption keys). Removed when the process exits; what a killed
   * process left is removed by the next start.
   */
  scratch(): Promise<string>;
  /** A private folder (0700) kept across runs, e.g. downloads a resumed run still needs. */
  keep(...segments: string[]): Promise<string>;
}

export interface StepContext {
  readonly runId: string;
  readonly stepId: string;
  readonly tenantId: string;
  readonly services: Services;
  readonly secrets: SecretStore;
  readonly redactor: Redactor;
  readonly log: StepLogger;
  readonly signal: AbortSignal;
  /**
   * The state dir's private folders; the engine always sets it. Absent only in a context a unit
   * test builds by hand, where a step falls back to a private folder of the system temp dir.
   */
  readonly files?: StepFiles;
  /** When this step's first intent record was written (persisted, survives resume). */
  readonly firstAttemptAt: Date | undefined;
  /**
   * When the engine began waiting for an operator to do this (manual) step: the first pause
   * journaled for it, else the moment it asked. Evidence the operator's work left outside (a
   * sign-in) is looked for from here. Undefined for steps nobody was asked to do.
   */
  readonly waitingSince?: Date;
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** What the tool's own identity needs for a step type (`doctor` checks it as granted). */
export interface IdentityRequirements {
  /** Microsoft Graph application permissions, e.g. Application.ReadWrite.All. */
  graph?: readonly string[];
  /** Office 365 Exchange Online application permissions, e.g. Exchange.ManageAsApp. */
  exchange?: readonly string[];
  /** Entra directory roles held by the tool's service principal, e.g. Exchange Administrator. */
  roles?: readonly string[];
}

export interface StepHandler<Params> {
  /** The `type:` a runbook uses, e.g. `entra.app-registration`. */
  readonly type: string;
  readonly description: string;
  /** zod schema of `with:`; strict (unknown keys are errors). */
  readonly params: z.ZodType<Params>;
  /** Output names this step promises; `${steps.<id>.outputs.<name>}` is checked against them. */
  readonly outputs: readonly string[];
  /** True when apply changes anything outside the tool. */
  readonly mutating: boolean;
  /** For mutating steps without undo: why it cannot be undone. */
  readonly irreversible?: string;
  /** Permissions and roles the tool's identity needs to run this step type. */
  readonly requires?: IdentityRequirements;
  plan(ctx: StepContext, params: Params): Promise<StepPlan>;
  apply(ctx: StepContext, params: Params, plan: StepPlan): Promise<ApplyResult>;
  verify(ctx: StepContext, params: Params, outputs: Outputs): Promise<VerifyResult>;
  undo?(ctx: StepContext, record: UndoRecord): Promise<void>;
}

/** Erases the params type so handlers of different params live in one registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStepHandler = StepHandler<any>;

export function defineStep<Params>(handler: StepHandler<Params>): StepHandler<Params> {
  return handler;
}
