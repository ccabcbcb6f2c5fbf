// Resolves and checks the pack inputs before any work starts: the source folder exists, the
// setup file is a file inside it (symbolic links resolved), and the output is not the setup.
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.ts';

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
  if (!setup) throw new InputError(`the setup file ${setupFile} does not exist`);
  const inside = relative(folder, setup);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new InputError(`the setup file ${setupFile} is outside the source folder ${sourceFolder}`, [], {
      hint: 'Put the setup file in the folder you package, or package the folder that contains it.',
    });
  }
  if (!(await stat(setup)).isFile()) throw new InputError(`the setup file ${setupFile} is not a file`);
  return { sourceFolder: folder, setupFile: setup, setupRelative: inside.split(sep).join('/') };
}
