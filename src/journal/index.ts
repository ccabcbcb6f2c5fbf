// The run journal: record types, the store interface, the local file store and replay.
export * from './records.ts';
export type {
  DamagedLine,
  DamagedRun,
  JournalDamage,
  JournalRead,
  JournalStore,
  RunList,
  RunStatus,
  RunSummary,
  TornTail,
} from './store.ts';
export { DEFAULT_RUNS_DIR, FileJournalStore, parseJournal } from './file-store.ts';
export { describeLines, summarizeRun } from './run-list.ts';
export { replay, type RollbackState, type RunState, type StepState } from './replay.ts';
export { isRunId, newRunId, RUN_ID_PATTERN } from './run-id.ts';
