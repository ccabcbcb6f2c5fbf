// Resolves and checks the pack inputs before any work starts: the source folder exists, and the
// setup file is a regular file inside it (symbolic links resolved; a link that dangles, loops or
// leads to a pipe or device is refused by name, and nothing is opened here).
import { readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.ts';
import { isInsideFolder } from './source-folder.ts';
import { printable, specialKind } from './source-problems.ts';

export interface SetupPaths {
  sourceFolder: string;
  setupFile: string;
  /** The setup file relative to the folder, with forward slashes. */
  setupRelative: string;
}

async function existing(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch {
    return undefined;
  }
}

/** A relative setup path is looked up in the source folder first (as IntuneWinAppUtil's -s), then in the working directory. */
export async function resolveSetupPaths(sourceFolder: string, setupFile: string): Promise<SetupPaths> {
  const folder = await existing(resolve(sourceFolder));
  if (!folder || !(await stat(folder)).isDirectory()) {
    throw new InputError(`the source folder ${sourceFolder} does not exist or is not a folder`);
  }
  const candidates = isAbsolute(setupFile) ? [setupFile] : [resolve(folder, setupFile), resolve(setupFile)];
  let setup: string | undefined;
  for (const candidate of candidates) {
    setup = await existing(candidate);
    if (setup) break;
  }
  if (!setup) {
    // A name that exists but does not resolve is a broken link: say so, not "does not exist".
    for (const candidate of candidates) {
      const target = await readlink(candidate).catch(() => undefined);
      if (target !== undefined) {
        throw new InputError(
          `the setup file ${setupFile} is a symbolic link to ${printable(target)}, which does not exist or loops`,
        );
      }
    }
    throw new InputError(`the setup file ${setupFile} does not exist`);
  }
  const inside = relative(folder, setup);
  if (inside === '') {
    throw new InputError(
      `the setup file "${setupFile}" names the source folder itself; name a file inside it`,
    );
  }
  if (!isInsideFolder(folder, setup)) {
    const real = setup === resolve(setupFile) ? '' : ` (it resolves to ${setup})`;
    throw new InputError(
      `the setup file ${setupFile}${real} is outside the source folder ${sourceFolder}`,
      [],
      {
        hint: 'Put the setup file in the folder you package, or package the folder that contains it.',
      },
    );
  }
  const info = await stat(setup);
  if (info.isDirectory()) throw new InputError(`the setup file ${setupFile} is a folder, not a file`);
  if (!info.isFile()) throw new InputError(`the setup file ${setupFile} is ${specialKind(info)}, not a file`);
  return { sourceFolder: folder, setupFile: setup, setupRelative: inside.split(sep).join('/') };
}
