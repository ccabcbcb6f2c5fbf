// The run journal: record types, the store interface, the local file store and replay.
export * from './records.ts';
export type { JournalRead, JournalStore, RunStatus, RunSummary, TornTail } from './store.ts';
export { DEFAULT_RUNS_DIR, FileJournalStore, parseJournal, summarizeRun } from './file-store.ts';
export { replay, type RollbackState, type RunState, type StepState } from './replay.ts';
export { isRunId, newRunId, RUN_ID_PATTERN } from './run-id.ts';
