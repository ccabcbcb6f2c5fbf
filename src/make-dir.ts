// mkdir -p that cannot hang. Node's `mkdir(dir, { recursive: true })` loops forever when a parent
// exists but refuses children with ENOENT (/proc, /sys: `--state-dir /proc/nope` hung the CLI).
// Here each missing folder is made once, parent first, and any refusal is an error.
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** The folders of `dir` that do not exist yet, outermost first (empty when `dir` exists). */
function missingFolders(dir: string, exists: (p: string) => boolean): string[] {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!exists(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return missing;
}

/** Only what stat can see exists: for ENOTDIR or EACCES the mkdir below fails with that cause. */
function existsSyncNoThrow(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Create `dir` and its missing parents; returns the folders it created, outermost first. */
export function makeDirectorySync(dir: string, mode?: number): string[] {
  const created: string[] = [];
  for (const folder of missingFolders(dir, existsSyncNoThrow)) {
    try {
      mkdirSync(folder, mode === undefined ? undefined : { mode });
      created.push(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return created;
}

/** Create `dir` and its missing parents; returns the first folder it created, as Node's does. */
export async function makeDirectory(dir: string, mode?: number): Promise<string | undefined> {
  const exists = new Map<string, boolean>();
  // Walk up with async stats first, then create outermost first.
  let current = path.resolve(dir);
  for (;;) {
    try {
      await stat(current);
      exists.set(current, true);
      break;
    } catch {
      exists.set(current, false);
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  let first: string | undefined;
  for (const folder of missingFolders(dir, (p) => exists.get(p) ?? true)) {
    try {
      await mkdir(folder, mode === undefined ? undefined : { mode });
      first ??= folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return first;
}
