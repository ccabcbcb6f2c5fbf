// One run at a time per tenant + integration: a lock file created with O_EXCL in the state
// dir. A lock whose process is gone is reported as stale but still refuses: only `unlock`
// breaks it, so two operators never both believe they own a half-finished change.
import { constants } from 'node:fs';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RefusedError } from '../errors.ts';

export interface LockHolder {
  runId: string;
  pid: number;
  host: string;
  startedAt: string;
}

export interface LockInfo extends LockHolder {
  /** The holder ran on this host and its process is gone. */
  stale: boolean;
}

export interface HeldLock {
  readonly file: string;
  release(): Promise<void>;
}

function safe(part: string): string {
  return part.replace(/[^\w.-]/g, '_');
}

export function lockFileOf(stateDir: string, tenantId: string, integration: string): string {
  return join(stateDir, 'locks', `${safe(tenantId)}--${safe(integration)}.lock`);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(
  stateDir: string,
  tenantId: string,
  integration: string,
): Promise<LockInfo | undefined> {
  let text: string;
  try {
    text = await readFile(lockFileOf(stateDir, tenantId, integration), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let holder: LockHolder;
  try {
    holder = JSON.parse(text) as LockHolder;
  } catch {
    // Written by a process that died mid-write: nobody can own it.
    return { runId: '(unknown)', pid: 0, host: '(unknown)', startedAt: '(unknown)', stale: true };
  }
  const stale = holder.host === hostname() && !isProcessAlive(holder.pid);
  return { ...holder, stale };
}

export function describeHolder(info: LockInfo): string {
  return `run ${info.runId} (pid ${info.pid} on ${info.host}, since ${info.startedAt})`;
}

/** The refusal every lock store gives a second run: who holds it and how to get past it. */
export function lockedRefusal(
  tenantId: string,
  integration: string,
  info: LockInfo | undefined,
): RefusedError {
  const who = info ? describeHolder(info) : 'another run';
  const staleNote = info?.stale ? '; that process is gone, so the lock is stale' : '';
  return new RefusedError('REFUSED_LOCKED', `${tenantId} / ${integration} is locked by ${who}${staleNote}`, {
    hint: info?.stale
      ? `check run ${info.runId} with \`sop-integrate show ${info.runId}\`, then \`sop-integrate unlock ${tenantId} ${integration}\``
      : `wait for it to finish; if it crashed, run \`sop-integrate unlock ${tenantId} ${integration}\``,
  });
}

/** `unlock` must not pull the lock from under a run that is still alive on this host. */
export function refuseBreakingLiveHolder(info: LockInfo): void {
  if (info.host === hostname() && !info.stale) {
    throw new RefusedError('REFUSED_LOCKED', `${describeHolder(info)} is still running`, {
      hint: `stop it (Ctrl-C or kill ${info.pid}) instead of breaking its lock`,
    });
  }
}

export async function acquireLock(
  stateDir: string,
  tenantId: string,
  integration: string,
  holder: LockHolder,
): Promise<HeldLock> {
  const file = lockFileOf(stateDir, tenantId, integration);
  await mkdir(join(stateDir, 'locks'), { recursive: true });
  try {
    const handle = await open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    try {
      await handle.write(`${JSON.stringify(holder)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw lockedRefusal(tenantId, integration, await readLock(stateDir, tenantId, integration));
  }
  return {
    file,
    async release() {
      // Only remove our own lock: it may have been broken and taken by another run meanwhile.
      const info = await readLock(stateDir, tenantId, integration);
      if (info?.runId === holder.runId && info.pid === holder.pid) await unlink(file).catch(() => undefined);
    },
  };
}

/** Break a lock (the `unlock` command). Refuses when its holder is still running on this host. */
export async function breakLock(
  stateDir: string,
  tenantId: string,
  integration: string,
): Promise<LockInfo | undefined> {
  const info = await readLock(stateDir, tenantId, integration);
  if (!info) return undefined;
  refuseBreakingLiveHolder(info);
  await unlink(lockFileOf(stateDir, tenantId, integration)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  return info;
}
