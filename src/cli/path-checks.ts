// Where the CLI will write (the state dir, --report files) is checked before anything runs, so a
// bad path is exit 2 naming the flag, not a failure after the tenant was changed. The checks use
// sync calls that cannot hang, and a probe file that is removed again: nothing is left behind.
import { closeSync, openSync, rmdirSync, statSync, unlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { makeDirectorySync } from '../make-dir.ts';

/** undefined when stat cannot see it (ENOENT; ENOTDIR: a file in the path; EACCES): the
 * creation or the probe below then fails with the real cause. */
function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'no files can be created there';
    case 'ENOTDIR':
      return 'a file stands where a folder should be';
    default:
      return e.code ?? e.message;
  }
}

/** Create and remove a probe file in `dir`: the only test of writability that root, ACLs and
 * read-only mounts all answer truthfully. */
function probeWritable(dir: string): void {
  const probe = path.join(dir, `.sop-integrate-probe-${process.pid}-${Date.now()}`);
  closeSync(openSync(probe, 'wx', 0o600));
  unlinkSync(probe);
}

/** The nearest existing ancestor of `p`, for messages ("… does not exist; /a/b does"). */
function nearestExisting(p: string): { dir: string; stats: Stats } | undefined {
  let current = path.dirname(p);
  for (;;) {
    const stats = statOrUndefined(current);
    if (stats) return { dir: current, stats };
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * A folder the CLI writes into (state dir, secret store): a directory, or creatable, and
 * writable. A missing folder is created for the probe and removed again.
 * `source` names where the path came from, e.g. "--state-dir".
 */
export function checkWritableFolder(dir: string, source: string, fix: string): void {
  const full = path.resolve(dir);
  const fail = (why: string, cause?: unknown): never => {
    throw new InputError(`${source} ${dir}: ${why}`, [], { hint: fix, ...(cause ? { cause } : {}) });
  };
  const stats = statOrUndefined(full);
  if (stats && !stats.isDirectory()) fail('is a file, not a folder');
  if (!stats) {
    const parent = nearestExisting(full);
    if (parent && !parent.stats.isDirectory()) fail(`${parent.dir} is a file, not a folder`);
  }
  let created: string[] = [];
  try {
    created = makeDirectorySync(full);
  } catch (error) {
    fail(`cannot be created (${reasonOf(error)})`, error);
  }
  try {
    probeWritable(full);
  } catch (error) {
    fail(`is not writable (${reasonOf(error)})`, error);
  } finally {
    for (const folder of created.reverse()) rmdirSync(folder);
  }
}

/** A folder the CLI only reads (`runs`, `show`): absent is fine (no runs), a file is not. */
export function checkReadableFolder(dir: string, source: string, fix: string): void {
  const stats = statOrUndefined(path.resolve(dir));
  if (stats && !stats.isDirectory())
    throw new InputError(`${source} ${dir}: is a file, not a folder`, [], { hint: fix });
}

/**
 * A file the CLI will write at the end (a report): its folder exists and is writable, and the
 * path is not a folder. An existing file is opened for writing (not changed) to prove it can be.
 * `flag` is the whole flag as given, e.g. "--report json=out/x.json".
 */
export function checkWritableFile(file: string, flag: string): void {
  const full = path.resolve(file);
  const folder = path.dirname(full);
  const fail = (why: string, hint: string, cause?: unknown): never => {
    throw new InputError(`${flag}: ${why}`, [], { hint, ...(cause ? { cause } : {}) });
  };
  const stats = statOrUndefined(full);
  if (stats?.isDirectory())
    fail(`${file} is a folder, not a file`, `give the path of a file, e.g. one inside ${file}`);
  const folderStats = statOrUndefined(folder);
  if (!folderStats) {
    const parent = nearestExisting(full);
    if (parent && !parent.stats.isDirectory())
      fail(`${parent.dir} is a file, not a folder`, 'write the report into an existing folder');
    fail(
      `the folder ${path.dirname(file) || '.'} does not exist`,
      `create it first (mkdir -p ${path.dirname(file)}) or write the report elsewhere`,
    );
  }
  if (!folderStats?.isDirectory())
    fail(`${path.dirname(file)} is a file, not a folder`, 'write the report into an existing folder');
  try {
    if (stats) closeSync(openSync(full, 'r+'));
    else probeWritable(folder);
  } catch (error) {
    fail(
      `${stats ? file : `the folder ${path.dirname(file) || '.'}`} is not writable (${reasonOf(error)})`,
      'write the report somewhere you can write to',
      error,
    );
  }
}
