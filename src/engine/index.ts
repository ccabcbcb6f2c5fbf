// The engine: plan -> gate -> apply -> verify, with journal, resume, rollback and locking.
export { planRun, runRunbook } from './run.ts';
export { resumeRun } from './resume.ts';
export { rollbackRun } from './rollback.ts';
export {
  approveRun,
  listRuns,
  readRun,
  showRun,
  unlock,
  type RunDetails,
  type StoreOptions,
} from './runs.ts';
export { noStartToRollBack, refuseDamaged } from './journal-damage.ts';
export {
  acquireLock,
  breakLock,
  lockFileOf,
  readLock,
  type HeldLock,
  type LockHolder,
  type LockInfo,
} from './lock.ts';
export { FileLockStore, type LockStore } from './lock-store.ts';
export { storesFor, type Stores, type StoresConfig } from './lock-stores.ts';
export { countChanges, planHashOf } from './plan.ts';
export { findApproval, rejectionOf, type GateRequirement } from './gates.ts';
export { canonicalJson, hashValue, sha256 } from './hash.ts';
export { systemClock } from './env.ts';
export { checkChangeWindow, parseChangeWindow, type ChangeWindow } from './window.ts';
export type * from './types.ts';
