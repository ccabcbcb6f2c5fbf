// The private folders steps keep files in: `<state-dir>/tmp` (0700), with one scratch folder per
// process (`proc-<host>-<pid>-<random>`, removed when the process exits) and folders kept across
// runs (`keep/...`, e.g. downloaded installers a resumed run packages). A package being built
// holds its encryption keys in Detection.xml, so none of it may sit in a predictable folder of the
// shared system temp dir. A process killed with SIGKILL cannot clean up: the next start removes
// the scratch folders of this host's processes that are no longer alive, and only those.
import { rmSync } from 'node:fs';
import { chmod, lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { StepFiles } from '../steps/contract.ts';
import { makeDirectory } from '../make-dir.ts';

const SCRATCH = /^proc-(.+)-(\d+)-[A-Za-z0-9]{6}$/;

/** The host as a folder-name part: a shared state dir may be used from several machines. */
function hostPart(): string {
  return hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';
}

/** Creates `dir` 0700, or makes an existing one of ours 0700; refuses a link or a foreign owner. */
async function ensurePrivateDir(dir: string): Promise<void> {
  await makeDirectory(dir, 0o700);
  const stat = await lstat(dir);
  const uid = process.getuid?.();
  const problem = !stat.isDirectory()
    ? 'is not a folder (a link or a file)'
    : uid !== undefined && stat.uid !== uid
      ? `belongs to another user (uid ${stat.uid})`
      : undefined;
  if (problem !== undefined)
    throw new InputError(`The private folder ${dir} ${problem}`, [{ file: dir, message: problem }], {
      hint: `remove ${dir} (the tool recreates it, mode 0700), or use another --state-dir`,
    });
  if ((stat.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the scratch folders of this host's processes that are gone. Best effort. */
export async function sweepDeadScratch(stateDir: string): Promise<string[]> {
  const root = path.join(stateDir, 'tmp');
  let names: string[];
  try {
    // Never through a link: the folder swept must be the state dir's own.
    if (!(await lstat(root)).isDirectory()) return [];
    names = await readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = SCRATCH.exec(name);
    if (!match || match[1] !== hostPart()) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || alive(pid)) continue;
    await rm(path.join(root, name), { recursive: true, force: true }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

// One scratch folder per process and state dir, shared by every engine the process starts.
const scratchByRoot = new Map<string, Promise<string>>();
const scratchOnDisk = new Set<string>();
let exitHookInstalled = false;

function removeAllScratch(): void {
  for (const dir of scratchOnDisk) rmSync(dir, { recursive: true, force: true });
}

async function createScratch(root: string): Promise<string> {
  await ensurePrivateDir(root);
  // mkdtemp creates the folder 0700 with a random suffix nobody can guess.
  const dir = await mkdtemp(path.join(root, `proc-${hostPart()}-${process.pid}-`));
  scratchOnDisk.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' also follows SIGINT/SIGTERM, which the engine turns into an orderly stop.
    process.once('exit', removeAllScratch);
  }
  return dir;
}

export function privateFiles(stateDir: string, tenantId: string): StepFiles {
  const root = path.resolve(stateDir, 'tmp');
  return {
    scratch() {
      let dir = scratchByRoot.get(root);
      if (!dir) {
        dir = createScratch(root);
        scratchByRoot.set(root, dir);
        dir.catch(() => scratchByRoot.delete(root));
      }
      return dir;
    },
    async keep(...segments) {
      await ensurePrivateDir(root);
      const dir = path.join(root, 'keep', safePart(tenantId), ...segments.map(safePart));
      await ensurePrivateDir(path.join(root, 'keep'));
      await makeDirectory(dir, 0o700);
      return dir;
    },
  };
}

/** One path segment: no separators, no `..`. */
function safePart(segment: string): string {
  const cleaned = segment.replace(/[^\w.-]/g, '_');
  return cleaned === '' || /^\.+$/.test(cleaned) ? '_' : cleaned;
}
