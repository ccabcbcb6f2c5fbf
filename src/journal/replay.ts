// The run's state is a replay of its journal: nothing else is trusted on resume or rollback.
import type { Outputs, UndoRecord } from '../steps/contract.ts';
import type { GateApproved, JournalRecord, RunStarted } from './records.ts';
import type { RunStatus } from './store.ts';

export interface StepState {
  stepId: string;
  /** How many intent records were written (1 on a clean run; more after resume retries). */
  attempts: number;
  /** When the first intent was written; persisted waits count from here. */
  firstAttemptAt?: string;
  /** StepPlan.observed of the first attempt (see StepIntent.observed). */
  observed?: unknown;
  done: boolean;
  outputs?: Outputs;
  undo?: UndoRecord | null;
  verified?: { ok: boolean; checks: string[]; verified?: false; reason?: string };
  failed?: { phase: 'plan' | 'apply' | 'verify' | 'undo'; error: { code: string; message: string } };
  waiting?: string;
  /** When the run first paused at this step (gate or operator), e.g. before an `approve` + `resume`. */
  waitingSince?: string;
}

export interface RollbackState {
  started: boolean;
  /** Steps whose undo was begun, in order. */
  intents: string[];
  /** Steps whose undo completed. */
  undone: string[];
  finished?: 'rolled-back' | 'failed' | 'interrupted';
}

export interface RunState {
  started?: RunStarted;
  steps: Record<string, StepState>;
  /** Step ids in the order their done record was written; rollback walks it backwards. */
  doneOrder: string[];
  approvals: GateApproved[];
  finished?: 'succeeded' | 'failed' | 'interrupted' | 'refused';
  rollback: RollbackState;
  status: RunStatus;
}

function stepOf(state: RunState, stepId: string): StepState {
  const existing = state.steps[stepId];
  if (existing) return existing;
  const created: StepState = { stepId, attempts: 0, done: false };
  state.steps[stepId] = created;
  return created;
}

function apply(state: RunState, record: JournalRecord): void {
  switch (record.type) {
    case 'run.started':
      state.started = record;
      return;
    case 'gate.approved':
      state.approvals.push(record);
      return;
    case 'step.intent': {
      const step = stepOf(state, record.stepId);
      step.attempts += 1;
      step.firstAttemptAt ??= record.at;
      if (step.observed === undefined && record.observed !== undefined) step.observed = record.observed;
      state.finished = undefined; // a resumed run is running again
      step.failed = undefined;
      step.waiting = undefined;
      return;
    }
    case 'step.done': {
      const step = stepOf(state, record.stepId);
      step.done = true;
      step.outputs = record.outputs as Outputs;
      step.undo = record.undo as UndoRecord | null;
      step.failed = undefined;
      step.waiting = undefined;
      if (!state.doneOrder.includes(record.stepId)) state.doneOrder.push(record.stepId);
      return;
    }
    case 'step.verified':
      stepOf(state, record.stepId).verified = {
        ok: record.ok,
        checks: record.checks,
        ...(record.verified === false ? { verified: false, reason: record.reason ?? 'not given' } : {}),
      };
      return;
    case 'step.failed':
      stepOf(state, record.stepId).failed = { phase: record.phase, error: record.error };
      return;
    case 'step.waiting':
      stepOf(state, record.stepId).waiting = record.reason;
      stepOf(state, record.stepId).waitingSince ??= record.at;
      return;
    case 'run.finished':
      state.finished = record.outcome;
      return;
    case 'rollback.started':
      state.rollback.started = true;
      state.rollback.finished = undefined;
      return;
    case 'rollback.intent':
      state.rollback.intents.push(record.stepId);
      return;
    case 'rollback.done':
      if (!state.rollback.undone.includes(record.stepId)) state.rollback.undone.push(record.stepId);
      return;
    case 'rollback.finished':
      state.rollback.finished = record.outcome;
      return;
  }
}

function statusOf(state: RunState, last: JournalRecord | undefined): RunStatus {
  if (state.rollback.finished)
    return state.rollback.finished === 'rolled-back' ? 'rolled-back' : 'rollback-failed';
  if (state.rollback.started) return last?.type === 'step.failed' ? 'rollback-failed' : 'running';
  if (last?.type === 'step.waiting') return 'waiting';
  if (state.finished) return state.finished;
  if (last?.type === 'step.failed') return 'failed';
  return 'running';
}

export function replay(records: readonly JournalRecord[]): RunState {
  const state: RunState = {
    steps: {},
    doneOrder: [],
    approvals: [],
    rollback: { started: false, intents: [], undone: [] },
    status: 'running',
  };
  for (const record of records) apply(state, record);
  state.status = statusOf(state, records.at(-1));
  return state;
}
