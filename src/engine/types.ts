// Options, injected collaborators and events of the engine. The CLI implements Approver,
// Operator and EventSink; tests pass fakes.
import type { Services } from '../services/services.ts';
import type { ToolConfig } from '../config/types.ts';
import type { GateApproved, JournalStore, PlannedStep, RunPlan, RunStatus } from '../journal/index.ts';
import type { Redactor } from '../redact.ts';
import type { GateSpec, LoadedRunbook } from '../runbook/types.ts';
import type { SecretStore } from '../secrets/contract.ts';
import type { AnyStepHandler, Outputs } from '../steps/contract.ts';
import type { ChangeWindow } from './window.ts';
import type { LockStore } from './lock-store.ts';

export type { PlannedStep, RunPlan } from '../journal/index.ts';

/** An approval from an approvals file, a prompt or an `approve` record. */
export interface Approval {
  gate: string;
  approver: string;
  role: string;
  evidence: Record<string, string>;
  planHash: string;
  /** ISO time; an expired approval does not count. */
  expiresAt?: string;
}

export interface GateRequest {
  runId: string;
  gate: string;
  spec: GateSpec;
  stepId: string;
  planHash: string;
  /** The steps this gate guards, as planned. */
  steps: PlannedStep[];
}

/** Asks a person for an approval (the CLI uses @inquirer/prompts). Undefined means declined. */
export interface Approver {
  requestApproval(request: GateRequest): Promise<Omit<Approval, 'planHash' | 'gate'> | undefined>;
}

export interface OperatorRequest {
  runId: string;
  stepId: string;
  title: string;
  /** Instructions with every value resolved. */
  instructions: string[];
}

/** Shows a manual step's instructions and waits for the operator to confirm it was done. */
export interface Operator {
  confirm(request: OperatorRequest): Promise<{ confirmed: boolean; by?: string }>;
}

export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type StepPhase = 'plan' | 'apply' | 'verify' | 'undo';

export interface RunSummaryCounts {
  planned: number;
  applied: number;
  noop: number;
  skipped: number;
  verified: number;
  failed: number;
}

export type RunEvent =
  | {
      type: 'run.started';
      runId: string;
      integration: string;
      phase: number;
      tenantId: string;
      resumed: boolean;
    }
  | { type: 'plan'; plan: RunPlan }
  | {
      type: 'gate.requested';
      runId: string;
      gate: string;
      stepId: string;
      approverRole: string;
      evidence: string[];
    }
  | {
      type: 'gate.approved';
      runId: string;
      gate: string;
      approver: string;
      role: string;
      via: GateApproved['via'];
    }
  | { type: 'step.started'; stepId: string; stepType: string; title: string; phase: StepPhase }
  | { type: 'step.planned'; stepId: string; plan: PlannedStep }
  | { type: 'step.skipped'; stepId: string; reason: string; outputs?: Outputs }
  | { type: 'step.applied'; stepId: string; outputs: Outputs }
  | {
      type: 'step.verified';
      stepId: string;
      ok: boolean;
      checks: string[];
      /** false: ok on the operator's word only (see VerifyResult.verified). */
      verified?: false;
      reason?: string;
    }
  | { type: 'step.undone'; stepId: string }
  | { type: 'step.failed'; stepId: string; phase: StepPhase; error: { code: string; message: string } }
  | { type: 'step.waiting'; stepId: string; reason: string }
  | {
      type: 'step.log';
      stepId: string;
      level: 'info' | 'warn' | 'progress';
      message: string;
      done?: number;
      total?: number;
    }
  | { type: 'warning'; message: string }
  | { type: 'rollback.started'; runId: string; dryRun: boolean; steps: string[] }
  | { type: 'rollback.finished'; runId: string; undone: string[]; skipped: RollbackSkip[] }
  | { type: 'run.finished'; summary: RunFinishedSummary };

export interface RunFinishedSummary {
  runId: string | undefined;
  outcome: RunOutcomeKind | 'failed' | 'waiting' | 'interrupted' | 'refused';
  counts: RunSummaryCounts;
  durationMs: number;
}

export type EventSink = (event: RunEvent) => void;

/** What every engine entry point needs. */
export interface EngineEnv {
  config: ToolConfig;
  services: Services;
  secrets: SecretStore;
  redactor: Redactor;
  /** Defaults to a FileJournalStore under `<config.stateDir>/runs` (or the config's shared journal). */
  journal?: JournalStore;
  /** Defaults to lock files under `<config.stateDir>/locks` (or leases beside the shared journal). */
  locks?: LockStore;
  /** Defaults to the real registry (src/steps/registry.ts); tests pass their own. */
  handlers?: readonly AnyStepHandler[];
  events?: EventSink;
  clock?: Clock;
  toolVersion?: string;
  /** Aborts the run between steps and during calls that honour ctx.signal (tests; the CLI). */
  signal?: AbortSignal;
  /** Listen to SIGINT/SIGTERM and stop gracefully (default true). */
  handleSignals?: boolean;
  /** How long an interrupted call may still run before the engine stops waiting (default 30s). */
  abortGraceMs?: number;
  /** Host and pid recorded in the lock (tests fake them). */
  lockOwner?: { pid: number; host: string };
}

export interface PlanOptions extends EngineEnv {
  runbook: LoadedRunbook;
  /** Input values, already resolved and type-checked by src/runbook. */
  inputs: Record<string, unknown>;
}

export interface RunOptions extends PlanOptions {
  dryRun?: boolean;
  /** Ask approvals and operators through the injected Approver/Operator. */
  interactive: boolean;
  approvals?: Approval[];
  approver?: Approver;
  operator?: Operator;
  /** Mutating steps run only inside this window (exit 5 otherwise); dry runs ignore it. */
  window?: ChangeWindow;
  /** A plan saved by `plan --out`: apply refuses when live state now gives another plan. */
  savedPlan?: RunPlan;
}

export type ResumeOptions = Omit<RunOptions, 'dryRun' | 'savedPlan'>;

export interface RollbackOptions extends EngineEnv {
  dryRun?: boolean;
}

export type RunOutcomeKind = 'dry-run' | 'succeeded';

export interface RunOutcome {
  runId: string | undefined;
  outcome: RunOutcomeKind;
  plan: RunPlan;
  /** Steps that create, update, delete or need an operator. */
  changes: number;
  summary: RunFinishedSummary;
}

export interface RollbackSkip {
  stepId: string;
  reason: string;
}

export interface RollbackOutcome {
  runId: string;
  dryRun: boolean;
  /** Steps undone by this call (or, with dryRun, that would be), newest first. */
  undone: string[];
  skipped: RollbackSkip[];
  status: RunStatus;
}
