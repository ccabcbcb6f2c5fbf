// The output folder of an unpack: checked first (absent, or an empty folder; anything else is
// refused, so nothing of the user's is ever overwritten), filled in a temporary folder beside it
// (same file system, so the final move is one rename), and moved into place only on success. On
// any failure the temporary folder and any parent folders the unpack created are removed.
import { rmdirSync, rmSync } from 'node:fs';
import { lstat, mkdtemp, readdir, rename, rm, rmdir, statfs } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { InputError } from '../../errors.ts';
import { makeDirectory } from '../../make-dir.ts';

/** File-system errors that are about the output location (a user's fix), not a bug. */
const OUTPUT_ERROR_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENOTDIR',
  'EEXIST',
  'ENAMETOOLONG',
  'EISDIR',
  'ELOOP',
  'EMFILE',
  'ENFILE',
]);

/** Turns an output-side file-system error into an InputError saying what was being done. */
export function outputError(error: unknown, doing: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !OUTPUT_ERROR_CODES.has(code)) return error;
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'Free some disk space or unpack to another disk.'
      : 'Choose an output folder you can write to.';
  return new InputError(`cannot ${doing}: ${(error as Error).message}`, [], { hint, cause: error });
}

async function isEmptyFolder(path: string): Promise<boolean> {
  const entries = await readdir(path).catch(() => undefined);
  return entries !== undefined && entries.length === 0;
}

export class UnpackDestination {
  private work: string | undefined;
  private createdParent: string | undefined;

  /**
   * Ctrl-C or a CI job's SIGTERM ends the process before any finally block runs: remove what
   * this unpack created, then let the signal do what it would have done.
   */
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.stopWatchingSignals();
    if (this.work !== undefined) rmSync(this.work, { recursive: true, force: true });
    this.work = undefined;
    this.removeCreatedParents();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };

  private constructor(readonly outputDir: string) {}

  /** Refuses an output that exists and is not an empty folder, before the package is read. */
  static async inspect(outputDir: string): Promise<UnpackDestination> {
    const stats = await lstat(outputDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw outputError(error, `inspect the output folder ${outputDir}`);
    });
    if (stats !== undefined && !stats.isDirectory()) {
      throw new InputError(`the output ${outputDir} exists and is not a folder`, [], {
        hint: 'Choose a new or empty folder.',
      });
    }
    if (stats !== undefined && !(await isEmptyFolder(outputDir))) {
      throw new InputError(`the output folder ${outputDir} is not empty`, [], {
        hint: 'Choose a new or empty folder; unpack never overwrites files.',
      });
    }
    return new UnpackDestination(outputDir);
  }

  /** Creates the temporary folder beside the output (and the output's parents if missing). */
  async createWorkFolder(): Promise<string> {
    const parent = dirname(this.outputDir);
    try {
      process.on('SIGINT', this.onSignal);
      process.on('SIGTERM', this.onSignal);
      this.createdParent = await makeDirectory(parent);
      this.work = await mkdtemp(join(parent, '.intunewin-unpack-'));
    } catch (error) {
      await this.discard();
      throw outputError(error, `create a temporary folder in ${parent}`);
    }
    return this.work;
  }

  /** Bytes free for an unprivileged user where the output goes. */
  async freeBytes(): Promise<number> {
    const stats = await statfs(dirname(this.outputDir));
    return stats.bavail * stats.bsize;
  }

  /** Moves the finished folder into place; an empty output folder is replaced. */
  async commit(finished: string): Promise<void> {
    try {
      await rename(finished, this.outputDir);
    } catch (error) {
      // POSIX rename replaces an empty folder itself; Windows refuses, so remove it and retry.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EISDIR') {
        throw outputError(error, `move the unpacked files to ${this.outputDir}`);
      }
      if (!(await isEmptyFolder(this.outputDir))) {
        throw new InputError(`the output folder ${this.outputDir} was filled while unpacking`, [], {
          hint: 'Choose a new or empty folder; unpack never overwrites files.',
        });
      }
      await rmdir(this.outputDir);
      await rename(finished, this.outputDir).catch((retry: unknown) => {
        throw outputError(retry, `move the unpacked files to ${this.outputDir}`);
      });
    }
    await this.removeWork();
  }

  /** Removes everything this unpack created; the output is left as it was found. */
  async discard(): Promise<void> {
    await this.removeWork();
    this.removeCreatedParents();
  }

  private stopWatchingSignals(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  /**
   * mkdir -p made createdParent and the folders below it down to the output's parent: removes
   * them deepest first, each only if still empty (someone else may have put something there).
   * Synchronous, so the signal handler can use it too; it is a handful of rmdir calls.
   */
  private removeCreatedParents(): void {
    if (this.createdParent === undefined) return;
    let folder = dirname(this.outputDir);
    while (!relative(this.createdParent, folder).startsWith('..')) {
      try {
        rmdirSync(folder);
      } catch {
        break;
      }
      if (folder === this.createdParent || !folder.includes(sep)) break;
      folder = dirname(folder);
    }
    this.createdParent = undefined;
  }

  private async removeWork(): Promise<void> {
    this.stopWatchingSignals();
    if (this.work !== undefined) await rm(this.work, { recursive: true, force: true });
    this.work = undefined;
  }
}
