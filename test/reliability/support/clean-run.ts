// A clean, in-process apply of a phase against a fresh sandbox state, recording what the
// sandbox saw: the reference that the crash and fault cases are compared with.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { prepareRun } from '../../../src/cli/prepare-run.ts';
import type { Printer } from '../../../src/cli/printer.ts';
import { runbookPath } from '../../../src/cli/runbook-files.ts';
import { runRunbook } from '../../../src/engine/index.ts';
import { startSandbox, type RequestLogEntry, type SandboxSnapshot } from '../../../src/sandbox/index.ts';
import { tempDir } from '../../cli/run-cli.ts';
import { stateSignature } from './state-signature.ts';

export interface PhaseSpec {
  integration: 'proofpoint' | 'ninjaone';
  phase: number;
  /** `--set` values that keep the run short (e.g. a 1 s lowered MX TTL over a 2 s seeded one). */
  set: string[];
}

export const proofpointPhase2: PhaseSpec = {
  integration: 'proofpoint',
  phase: 2,
  // The seeded MX TTL is 2 s, already below the lowered TTL: the wait for the old TTL takes
  // 2 s and the TTL step is a noop (its mutation is covered by a case of its own).
  set: [],
};
export const ninjaonePhase1: PhaseSpec = { integration: 'ninjaone', phase: 1, set: [] };

const silent: Printer = { out() {}, err() {}, json() {}, progress() {} };

/** A state dir whose sandbox is seeded with short MX TTLs, so waits take seconds. */
export async function seededStateDir(
  prefix: string,
): Promise<{ cwd: string; stateDir: string; initial: SandboxSnapshot }> {
  const cwd = tempDir(prefix);
  const stateDir = path.join(cwd, 'state');
  mkdirSync(path.join(stateDir, 'sandbox'), { recursive: true });
  const sandbox = await startSandbox({
    stateFile: path.join(stateDir, 'sandbox', 'state.json'),
    dns: { mxTtl: 2, minTtl: 1 },
  });
  const initial = sandbox.snapshot();
  await sandbox.close();
  return { cwd, stateDir, initial };
}

export interface CleanRun {
  outcome: string;
  requests: RequestLogEntry[];
  initial: SandboxSnapshot;
  /** What the run created, changed and deleted, in a form that shows duplicates. */
  signature: string[];
}

export async function cleanRun(spec: PhaseSpec): Promise<CleanRun> {
  const { stateDir, initial } = await seededStateDir('sop-clean-');
  const set = spec.set.length > 0 ? { set: spec.set } : {};
  const prepared = await prepareRun(
    runbookPath(spec.integration, spec.phase),
    { sandbox: true, stateDir, nonInteractive: true, output: 'json', color: false, ...set },
    undefined,
    { printer: silent },
  );
  try {
    const sandbox = prepared.session.sandbox;
    if (!sandbox) throw new Error('the session started no sandbox');
    const outcome = await runRunbook({
      ...prepared.options,
      dryRun: false,
      handleSignals: false,
      events: () => {},
    });
    return {
      outcome: outcome.outcome,
      requests: [...sandbox.requests],
      initial,
      signature: stateSignature(sandbox.diff(initial, sandbox.snapshot())),
    };
  } finally {
    await prepared.session.close();
  }
}
