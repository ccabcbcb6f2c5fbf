// One real run journal for the journal damage cases: ninjaone phase 1 in the sandbox, killed just
// before its last mutation (the assignment POST), so its last record is the intent of a step that
// changed nothing yet, exactly what a crash mid-append leaves. Copies of its state dir (journal
// and sandbox state) are then cut, damaged, resumed and rolled back by the built CLI.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { SandboxSnapshot } from '../../../src/sandbox/index.ts';
import { runCli, tempDir, type CliResult } from '../../cli/run-cli.ts';
import { seededStateDir } from './clean-run.ts';

const CRASH_BEFORE_ASSIGNMENT = 'kind=crash-before,service=graph,method=POST,path=/assignments,nth=1';

export interface JournalFixture {
  runId: string;
  initial: SandboxSnapshot;
  /** State dir of the killed run (lock broken): its journal ends with the assignment's intent. */
  crashed: string;
  /** The same run resumed to success. */
  finished: string;
}

export function journalOf(stateDir: string, runId: string): string {
  return path.join(stateDir, 'runs', `${runId}.jsonl`);
}

/** A fresh copy of a state dir, in its own temporary directory. */
export function copyState(stateDir: string): string {
  const copy = path.join(tempDir('sop-journal-copy-'), 'state');
  cpSync(stateDir, copy, { recursive: true });
  return copy;
}

export function cli(args: string[], stateDir: string): Promise<CliResult> {
  return runCli([...args, '--state-dir', stateDir], { cwd: path.dirname(stateDir) });
}

export const sandboxed = ['--sandbox'];

/** The last JSON line a command printed (`--output json`). */
export function lastJson<T>(result: CliResult): T {
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as T;
}

/** Every failure here is an expected one: a message and a code, never a stack trace or a bug block. */
export function expectNoStack(result: CliResult): void {
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(result.stderr).not.toContain('error [BUG]');
}

export async function makeJournalFixture(): Promise<JournalFixture> {
  const { stateDir, initial } = await seededStateDir('sop-journal-damage-');
  const crashed = await cli(
    ['ninjaone', '--phase', '1', ...sandboxed, '--sandbox-fault', CRASH_BEFORE_ASSIGNMENT],
    stateDir,
  );
  expect(crashed.code, crashed.stderr).toBeNull(); // SIGKILL
  const [file = ''] = readdirSync(path.join(stateDir, 'runs')).filter((f) => f.endsWith('.jsonl'));
  const runId = file.replace(/\.jsonl$/, '');
  expect(readFileSync(journalOf(stateDir, runId), 'utf8').trim().split('\n').at(-1)).toContain(
    '"stepId":"required-assignment"',
  );
  const unlocked = await cli(['unlock', initial.tenant.id, 'ninjaone'], stateDir);
  expect(unlocked.code, unlocked.stderr).toBe(0);
  const finished = copyState(stateDir);
  const resumed = await cli(['resume', runId, ...sandboxed], finished);
  expect(resumed.code, resumed.stderr).toBe(0);
  return { runId, initial, crashed: stateDir, finished };
}
