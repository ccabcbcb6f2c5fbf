// Where run journals live. The engine only talks to this interface, so a shared store (Azure
// Blob append blobs) can replace the local file store without touching the engine.
import type { JournalRecord } from './records.ts';

/** A last line cut short by a crash mid-write: reported, never fatal. */
export interface TornTail {
  /** 1-based line number of the torn line. */
  line: number;
  bytes: number;
}

/** A line before the end that is not a valid record: disk damage, a hand edit, a bad copy. */
export interface DamagedLine {
  /** 1-based line number. */
  line: number;
  bytes: number;
  /** Why it is not a record, e.g. "not a complete JSON record". */
  reason: string;
  /** How many intact records come before it (where it sits among JournalRead.records). */
  afterRecords: number;
}

/** The damaged lines of one journal. Unlike a torn tail, these may hide records of real changes. */
export interface JournalDamage {
  /** The journal file or blob, for messages. */
  source: string;
  lines: DamagedLine[];
}

export interface JournalRead {
  /** The intact records, in order; damaged lines and a torn tail are left out. */
  records: JournalRecord[];
  tornTail?: TornTail;
  damage?: JournalDamage;
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
  /** Set when lines of the journal are damaged: the status rests on the intact records only. */
  damage?: JournalDamage;
}

/** A journal `list` could not summarize fully: damaged lines, no readable start, or unreadable. */
export interface DamagedRun {
  runId: string;
  /** The journal file or blob. */
  source: string;
  /** The damaged lines (empty when the journal could not be read at all). */
  lines: DamagedLine[];
  /** What is wrong, in one sentence that names the line(s). */
  problem: string;
  /** Whether the run is still in RunList.runs (its start record is intact). */
  listed: boolean;
}

export interface RunList {
  /** Every run whose start record could be read, oldest first. */
  runs: RunSummary[];
  /** Journals with damage, so one bad journal is reported instead of hiding every run. */
  damaged: DamagedRun[];
}

export interface JournalStore {
  /** A human-readable place, e.g. the directory, for messages. */
  readonly location: string;
  /** Create an empty journal; rejects when the run id already exists. */
  create(runId: string): Promise<void>;
  /**
   * Append one record; resolves only once it is durable (written and flushed). The first append
   * of a process first repairs the tail: a torn last line is cut off (or sealed) and a whole last
   * record that lacks its newline gets one, so the new record always starts a line of its own.
   */
  append(runId: string, record: JournalRecord): Promise<void>;
  read(runId: string): Promise<JournalRead>;
  exists(runId: string): Promise<boolean>;
  /** Every run, oldest first, and the journals that are damaged. */
  list(): Promise<RunList>;
}
