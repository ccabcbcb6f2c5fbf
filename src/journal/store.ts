// Where run journals live. The engine only talks to this interface, so a shared store (Azure
// Blob append blobs) can replace the local file store without touching the engine.
import type { JournalRecord } from './records.ts';

/** A last line cut short by a crash mid-write: reported, never fatal. */
export interface TornTail {
  /** 1-based line number of the torn line. */
  line: number;
  bytes: number;
}

export interface JournalRead {
  records: JournalRecord[];
  tornTail?: TornTail;
}

export type RunStatus =
  | 'running' // started, no end recorded (in progress, or crashed: resume it)
  | 'waiting' // paused for an approval or an operator
  | 'succeeded'
  | 'failed'
  | 'interrupted'
  | 'refused' // stopped because live state drifted from the plan
  | 'rolled-back'
  | 'rollback-failed';

export interface RunSummary {
  runId: string;
  integration: string;
  phase: number;
  tenantId: string;
  startedAt: string;
  status: RunStatus;
  stepsDone: number;
  stepsTotal: number;
  tornTail?: TornTail;
}

export interface JournalStore {
  /** A human-readable place, e.g. the directory, for messages. */
  readonly location: string;
  /** Create an empty journal; rejects when the run id already exists. */
  create(runId: string): Promise<void>;
  /** Append one record; resolves only once it is durable (written and flushed). */
  append(runId: string, record: JournalRecord): Promise<void>;
  read(runId: string): Promise<JournalRead>;
  exists(runId: string): Promise<boolean>;
  /** Every run, oldest first. */
  list(): Promise<RunSummary[]>;
}
