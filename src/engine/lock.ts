// One run at a time per tenant + integration: a lock file created with O_EXCL in the state
// dir. A lock whose holder is gone is reported as stale but still refuses: only `unlock`
// breaks it, so two operators never both believe they own a half-finished change.
//
// "Gone" is more than "the PID is dead": PIDs are reused, so the lock also records when its
// holder process started (process-identity.ts, Linux). A live PID that started at another time
// is an unrelated process and the lock is stale. Where that cannot be told (a lock written
// without the start time, or no /proc), a live PID is "unverified": plain `unlock` refuses it
// and explains, and `unlock --force` is the escape hatch for the operator who checked with `ps`.
import { constants } from 'node:fs';
import { lstat, open, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError, RefusedError } from '../errors.ts';
import { processFacts, processStartId } from './process-identity.ts';
import { makeDirectory } from '../make-dir.ts';

export interface LockHolder {
  runId: string;
  pid: number;
  host: string;
  startedAt: string;
  /** When the holder process started (process-identity.ts); absent in older locks and off Linux. */
  pidStart?: string;
}

/**
 * live: on this host, its PID alive and started when the lock says. unverified: on this host, its
 * PID alive, but nothing tells whether that process is the holder. remote: held from another
 * host, which this host cannot check. stale: the holder is gone (or the lock is unreadable).
 */
export type LockState = 'live' | 'unverified' | 'remote' | 'stale';

export interface LockInfo extends LockHolder {
  /** The holder ran on this host and its process is gone (state 'stale'). */
  stale: boolean;
  state: LockState;
  /** Why the lock is stale, or what the live PID is, in words for messages. */
  note?: string;
  /** The command name of the live process that has the holder's PID (Linux), for messages. */
  processName?: string;
}

export interface HeldLock {
  readonly file: string;
  release(): Promise<void>;
}

export interface BreakOptions {
  /** Break even a lock whose PID is alive on this host (the operator checked it with `ps`). */
  force?: boolean;
}

function safe(part: string): string {
  return part.replace(/[^\w.-]/g, '_');
}

export function lockFileOf(stateDir: string, tenantId: string, integration: string): string {
  return join(stateDir, 'locks', `${safe(tenantId)}--${safe(integration)}.lock`);
}

export function isProcessAlive(pid: number): boolean {
  // 0 and negative numbers address process groups, not a process: never a holder.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder as this process records it: with its start time where the OS tells it. */
export function withPidStart(holder: LockHolder): LockHolder {
  if (holder.pidStart !== undefined || holder.host !== hostname()) return holder;
  const pidStart = processStartId(holder.pid);
  return pidStart === undefined ? holder : { ...holder, pidStart };
}

/** Decides whether a recorded holder still holds: shared by the file lock and the blob lease. */
export function assessHolder(holder: LockHolder): LockInfo {
  if (holder.host !== hostname()) return { ...holder, stale: false, state: 'remote' };
  if (!isProcessAlive(holder.pid))
    return { ...holder, stale: true, state: 'stale', note: 'that process is gone' };
  const facts = processFacts(holder.pid);
  const named = facts.name === undefined ? {} : { processName: facts.name };
  if (holder.pidStart !== undefined && facts.startId !== undefined) {
    if (facts.startId === holder.pidStart) return { ...holder, ...named, stale: false, state: 'live' };
    return {
      ...holder,
      ...named,
      stale: true,
      state: 'stale',
      note: `pid ${holder.pid} now belongs to another process${facts.name ? ` (${facts.name})` : ''} that started after the lock was taken`,
    };
  }
  return {
    ...holder,
    ...named,
    stale: false,
    state: 'unverified',
    note: `pid ${holder.pid} is alive${facts.name ? ` (${facts.name})` : ''}, but ${holder.pidStart === undefined ? 'the lock does not record when its holder started' : 'this host cannot tell when that process started'}, so it may be that run or an unrelated process that reused the pid`,
  };
}

/** Text from a lock file is shown to the operator: no control characters, no endless lines. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 200);
}

/** A lock file's holder, or undefined when the file is not one this tool wrote. */
export function parseHolder(value: unknown): LockHolder | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const { runId, pid, host, startedAt, pidStart } = record;
  if (typeof runId !== 'string' || runId === '' || typeof host !== 'string' || host === '') return undefined;
  if (typeof startedAt !== 'string') return undefined;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (pidStart !== undefined && typeof pidStart !== 'string') return undefined;
  return {
    runId: clean(runId),
    pid,
    host: clean(host),
    startedAt: clean(startedAt),
    ...(pidStart === undefined ? {} : { pidStart: clean(pidStart) }),
  };
}

/** A lock nobody can own: written by a process that died mid-write, or not ours at all. */
export function unreadableLock(why: string): LockInfo {
  return {
    runId: '(unknown)',
    pid: 0,
    host: '(unknown)',
    startedAt: '(unknown)',
    stale: true,
    state: 'stale',
    note: `the lock file ${why}`,
  };
}

/** A lock file is a few hundred bytes; anything this large was not written by this tool. */
const MAX_LOCK_BYTES = 64 * 1024;

/** A file system failure around a lock, as a typed error naming the file and the fix. */
function lockFileError(error: unknown, file: string, action: string): InputError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new InputError(
    `cannot ${action} the lock file ${file} (${code})`,
    [{ file, message: `${action}: ${code}` }],
    {
      hint: 'check that the state dir (--state-dir or SOP_INTEGRATE_STATE_DIR) is a directory this user can write, and that its locks/ entries are plain files',
      cause: error,
    },
  );
}

/** The raw text of a lock file; undefined when there is none. Never blocks on a FIFO. */
async function readLockText(file: string): Promise<string | undefined> {
  let stats;
  try {
    stats = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw lockFileError(error, file, 'read');
  }
  if (!stats.isFile())
    throw new InputError(
      `the lock file ${file} is not a plain file`,
      [{ file, message: 'not a plain file (a directory, link, FIFO or device)' }],
      { hint: 'this tool never writes such a lock: look at what put it there, then remove it by hand' },
    );
  try {
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const buffer = Buffer.alloc(MAX_LOCK_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined; // released while we looked
    throw lockFileError(error, file, 'read');
  }
}

function infoOf(text: string): LockInfo {
  if (text.length > MAX_LOCK_BYTES) return unreadableLock('is too large to be a lock of this tool');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unreadableLock('is not valid JSON (its writer died mid-write, or it is not a lock)');
  }
  const holder = parseHolder(value);
  return holder ? assessHolder(holder) : unreadableLock('does not name a run, pid and host');
}

export async function readLock(
  stateDir: string,
  tenantId: string,
  integration: string,
): Promise<LockInfo | undefined> {
  const text = await readLockText(lockFileOf(stateDir, tenantId, integration));
  return text === undefined ? undefined : infoOf(text);
}

export function describeHolder(info: LockInfo): string {
  return `run ${info.runId} (pid ${info.pid} on ${info.host}, since ${info.startedAt})`;
}

const RISK = 'breaking the lock of a run that is still alive lets two runs change the same tenant at once';

function psCheck(info: LockInfo): string {
  return `\`ps -p ${info.pid} -o pid,lstart,args\``;
}

/** The refusal every lock store gives a second run: who holds it and how to get past it. */
export function lockedRefusal(
  tenantId: string,
  integration: string,
  info: LockInfo | undefined,
): RefusedError {
  const who = info ? describeHolder(info) : 'another run';
  const unlock = `sop-integrate unlock ${tenantId} ${integration}`;
  if (info?.state === 'stale')
    return new RefusedError(
      'REFUSED_LOCKED',
      `${tenantId} / ${integration} is locked by ${who}; ${info.note ?? 'that process is gone'}, so the lock is stale`,
      { hint: `check run ${info.runId} with \`sop-integrate show ${info.runId}\`, then \`${unlock}\`` },
    );
  if (info?.state === 'unverified')
    return new RefusedError(
      'REFUSED_LOCKED',
      `${tenantId} / ${integration} is locked by ${who}; ${info.note}`,
      {
        hint: `wait for run ${info.runId} to finish; if ${psCheck(info)} shows no sop-integrate run, break the lock with \`${unlock} --force\``,
      },
    );
  return new RefusedError('REFUSED_LOCKED', `${tenantId} / ${integration} is locked by ${who}`, {
    hint: `wait for it to finish; if it crashed, run \`${unlock}\``,
  });
}

/**
 * `unlock` must not pull the lock from under a run that is still alive on this host, nor from
 * under a live PID it cannot tell from the holder; `--force` overrides both.
 */
export function refuseBreakingLiveHolder(
  info: LockInfo,
  tenantId: string,
  integration: string,
  options: BreakOptions = {},
): void {
  if (options.force) return;
  const force = `sop-integrate unlock ${tenantId} ${integration} --force`;
  if (info.state === 'live')
    throw new RefusedError('REFUSED_LOCKED', `${describeHolder(info)} is still running`, {
      hint: `stop it (Ctrl-C or kill ${info.pid}) instead of breaking its lock (\`${force}\` breaks it anyway: ${RISK})`,
    });
  if (info.state === 'unverified')
    throw new RefusedError(
      'REFUSED_LOCKED',
      `not breaking the lock of ${describeHolder(info)}: ${info.note}`,
      {
        hint: `check with ${psCheck(info)}: if it is not a sop-integrate run, break the lock with \`${force}\` (${RISK})`,
      },
    );
}

export async function acquireLock(
  stateDir: string,
  tenantId: string,
  integration: string,
  holder: LockHolder,
): Promise<HeldLock> {
  const file = lockFileOf(stateDir, tenantId, integration);
  const recorded = withPidStart(holder);
  try {
    await makeDirectory(join(stateDir, 'locks'));
  } catch (error) {
    throw lockFileError(error, join(stateDir, 'locks'), 'create the directory of');
  }
  try {
    const handle = await open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    try {
      await handle.write(`${JSON.stringify(recorded)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockFileError(error, file, 'create');
    throw lockedRefusal(tenantId, integration, await readLock(stateDir, tenantId, integration));
  }
  return {
    file,
    async release() {
      // Only remove our own lock: it may have been broken and taken by another run meanwhile.
      const info = await readLock(stateDir, tenantId, integration).catch(() => undefined);
      if (info?.runId === holder.runId && info.pid === holder.pid) await unlink(file).catch(() => undefined);
    },
  };
}

/**
 * Break a lock (the `unlock` command). Refuses when its holder is still running on this host,
 * or may be (see refuseBreakingLiveHolder), unless forced.
 */
export async function breakLock(
  stateDir: string,
  tenantId: string,
  integration: string,
  options: BreakOptions = {},
): Promise<LockInfo | undefined> {
  const file = lockFileOf(stateDir, tenantId, integration);
  const text = await readLockText(file);
  if (text === undefined) return undefined;
  const info = infoOf(text);
  refuseBreakingLiveHolder(info, tenantId, integration, options);
  // Another `unlock` and a new run may have replaced the lock since we read it: break only the
  // lock that was judged.
  if ((await readLockText(file)) !== text)
    throw new RefusedError(
      'REFUSED_LOCKED',
      `the lock of ${tenantId} / ${integration} changed while unlocking`,
      {
        hint: `look again with \`sop-integrate unlock ${tenantId} ${integration}\``,
      },
    );
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw lockFileError(error, file, 'remove');
  });
  return info;
}
