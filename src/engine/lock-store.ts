// Where the per tenant + integration lock lives. The engine talks only to this interface: the
// local file lock (default) or a blob lease in the shared journal's container (src/engine/lock-blob.ts).
import {
  acquireLock,
  breakLock,
  readLock,
  type BreakOptions,
  type HeldLock,
  type LockHolder,
  type LockInfo,
} from './lock.ts';

export interface LockStore {
  /** Where the locks live, for messages (a directory or an azblob:// URL). */
  readonly location: string;
  /** Take the lock or throw RefusedError('REFUSED_LOCKED') naming the holder. */
  acquire(tenantId: string, integration: string, holder: LockHolder): Promise<HeldLock>;
  read(tenantId: string, integration: string): Promise<LockInfo | undefined>;
  /**
   * Break a lock left by a crashed run (the `unlock` command); undefined when none was held.
   * Refuses a holder that is, or may be, alive on this host unless `force` is set.
   */
  break(tenantId: string, integration: string, options?: BreakOptions): Promise<LockInfo | undefined>;
}

/** The O_EXCL lock file under `<stateDir>/locks` (see lock.ts for its rules). */
export class FileLockStore implements LockStore {
  constructor(readonly stateDir: string) {}

  get location(): string {
    return this.stateDir;
  }

  acquire(tenantId: string, integration: string, holder: LockHolder): Promise<HeldLock> {
    return acquireLock(this.stateDir, tenantId, integration, holder);
  }

  read(tenantId: string, integration: string): Promise<LockInfo | undefined> {
    return readLock(this.stateDir, tenantId, integration);
  }

  break(tenantId: string, integration: string, options: BreakOptions = {}): Promise<LockInfo | undefined> {
    return breakLock(this.stateDir, tenantId, integration, options);
  }
}
