// Where the package goes, checked before any work starts, and published only once complete: the
// package is built in a temporary folder beside the output and moved into place at the end, so a
// failed pack never leaves a partial file or clobbers an earlier package. An existing output is
// replaced only when the caller asks (`--force`); without it the final step is a hard link,
// which fails atomically if something appeared at that path meanwhile.
import type { Stats } from 'node:fs';
import { link, lstat, mkdtemp, realpath, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { InputError } from '../errors.ts';
import { errnoCode, isMissing, specialKind } from './source-problems.ts';
import { makeDirectory } from '../make-dir.ts';

export interface OutputTarget {
  /** The output as given, made absolute. */
  path: string;
  /** The directory entry the package will occupy: the output's real parent folder plus its name. */
  location: string;
}

async function removeIfEmpty(dir: string): Promise<boolean> {
  try {
    await rmdir(dir);
    return true;
  } catch {
    return false;
  }
}

/** The real path of `folder`, or of its nearest existing ancestor with the rest appended. */
async function realFolder(folder: string, given: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(folder);
  } catch (error) {
    const parent = dirname(folder);
    if (isMissing(error) && parent !== folder) return join(await realFolder(parent, given), basename(folder));
    throw new InputError(`cannot write the output ${given}: ${folder} is not a usable folder`, [], {
      cause: error,
    });
  }
  if (!(await stat(real)).isDirectory()) {
    throw new InputError(`cannot write the output ${given}: ${folder} is not a folder`);
  }
  return real;
}

async function existing(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if (isMissing(error) || errnoCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Checks the output before any work: not a folder, not the setup file, not clobbered unless `overwrite`. */
export async function checkOutput(
  outputFile: string,
  options: { overwrite: boolean; setupFile: string },
): Promise<OutputTarget> {
  const path = resolve(outputFile);
  const location = join(await realFolder(dirname(path), outputFile), basename(path));
  const found = await existing(location);
  if (location === options.setupFile) {
    throw new InputError(`the output ${outputFile} is the setup file itself; choose another -o path`);
  }
  // A trailing separator, or a link to a folder, means a folder was meant: -o names the file.
  const isFolder =
    outputFile.endsWith('/') ||
    outputFile.endsWith(sep) ||
    found?.isDirectory() === true ||
    (found?.isSymbolicLink() === true &&
      (await stat(location).catch(() => undefined))?.isDirectory() === true);
  if (isFolder) {
    throw new InputError(
      `the output ${outputFile} names a folder; give a file name, such as ${join(outputFile, 'package.intunewin')}`,
    );
  }
  // --force replaces a file (or a link, itself): never a pipe or a device node such as /dev/null.
  if (found && !found.isFile() && !found.isSymbolicLink()) {
    throw new InputError(`the output ${outputFile} is ${specialKind(found)}; only a file can be replaced`);
  }
  if (found && !options.overwrite) {
    throw new InputError(`the output file ${outputFile} already exists; pass --force to replace it`, [], {
      hint: 'Or choose another -o path.',
    });
  }
  return { path, location };
}

/**
 * Creates the output's folder and a temporary work folder beside the output (same file system,
 * so the final move is a rename). `undo` removes the folders this created, if still empty.
 */
export async function prepareOutputFolder(
  target: OutputTarget,
  given: string,
): Promise<{ work: string; undo: () => Promise<void> }> {
  const folder = dirname(target.path);
  let created: string | undefined;
  try {
    created = await makeDirectory(folder);
    const work = await mkdtemp(join(folder, '.intunewin-'));
    const undo = async (): Promise<void> => {
      if (!created) return;
      // From the output's folder up to the first one this created, stopping at one not empty.
      for (let dir = folder; dir.length >= created.length; dir = dirname(dir)) {
        if (!(await removeIfEmpty(dir))) return;
      }
    };
    return { work, undo };
  } catch (error) {
    if (created) await rmdir(created).catch(() => undefined);
    throw new InputError(
      `cannot write the output ${given} in ${folder}: ${errnoCode(error) ?? String(error)}`,
      [],
      {
        cause: error,
        hint: 'Choose an -o path in a folder you can write to.',
      },
    );
  }
}

/** Moves the finished package into place; without `overwrite` it never replaces a file. */
export async function publishOutput(
  partial: string,
  target: OutputTarget,
  options: { overwrite: boolean; given: string },
): Promise<void> {
  if (options.overwrite) {
    await rename(partial, target.path);
    return;
  }
  try {
    await link(partial, target.path);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') {
      throw new InputError(
        `the output file ${options.given} appeared while packaging; pass --force to replace it`,
      );
    }
    // A file system without hard links: check, then move (a narrow race, but no worse than that).
    if (await existing(target.path)) {
      throw new InputError(`the output file ${options.given} already exists; pass --force to replace it`);
    }
    await rename(partial, target.path);
    return;
  }
  await unlink(partial);
}
