// The private folders a step keeps files in (StepFiles, set by the engine under the state dir).
// A context a unit test builds by hand has none: the step then uses a private folder (0700,
// random name) of the system temp dir, made once per process and removed when it exits.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StepContext } from './contract.ts';
import { makeDirectory } from '../make-dir.ts';

let fallback: Promise<string> | undefined;

function fallbackDir(): Promise<string> {
  fallback ??= mkdtemp(path.join(tmpdir(), 'sop-integrate-')).then((dir) => {
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  });
  return fallback;
}

/** This process's private scratch folder (removed on exit); make a subfolder per use. */
export function scratchDir(ctx: StepContext): Promise<string> {
  return ctx.files ? ctx.files.scratch() : fallbackDir();
}

/** A private folder kept across runs (downloads a resumed run still needs). */
export async function keptDir(ctx: StepContext, ...segments: string[]): Promise<string> {
  if (ctx.files) return ctx.files.keep(...segments);
  const dir = path.join(await fallbackDir(), 'keep', ...segments);
  await makeDirectory(dir, 0o700);
  return dir;
}
