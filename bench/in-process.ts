// Runs a phase in this process against the CLI's own sandbox wiring (prepareRun), so a benchmark
// can read the sandbox request log and the engine events with their times.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareRun } from '../src/cli/prepare-run.ts';
import type { Printer } from '../src/cli/printer.ts';
import { runbookPath } from '../src/cli/runbook-files.ts';
import { resolveEngine } from '../src/engine/env.ts';
import type { RunEvent } from '../src/engine/index.ts';
import { planAll } from '../src/engine/plan.ts';
import type { LoadedRunbook } from '../src/runbook/types.ts';
import { startSandbox, type FaultRule, type Sandbox } from '../src/sandbox/index.ts';

const silent: Printer = { out() {}, err() {}, json() {}, progress() {} };

export interface TimedEvent {
  atMs: number;
  event: RunEvent;
}

export async function seededStateDir(): Promise<string> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'sop-bench-'));
  mkdirSync(path.join(stateDir, 'sandbox'), { recursive: true });
  const sandbox = await startSandbox({
    stateFile: path.join(stateDir, 'sandbox', 'state.json'),
    dns: { mxTtl: 2, minTtl: 1 },
  });
  await sandbox.close();
  return stateDir;
}

export interface PhaseOptions {
  integration: string;
  phase: number;
  stateDir: string;
  dryRun: boolean;
  latencyMs?: number;
  faults?: FaultRule[];
  beforeRun?: (sandbox: Sandbox) => void;
}

function prepare(options: PhaseOptions) {
  return prepareRun(
    runbookPath(options.integration, options.phase),
    { sandbox: true, stateDir: options.stateDir, nonInteractive: true, output: 'json', color: false },
    undefined,
    { printer: silent, sandbox: { latencyMs: options.latencyMs ?? 0, faults: options.faults ?? [] } },
  );
}

export async function runPhase(
  options: PhaseOptions,
): Promise<{ wallMs: number; outcome: string; sandbox: Sandbox; events: TimedEvent[] }> {
  const prepared = await prepare(options);
  const sandbox = prepared.session.sandbox;
  if (!sandbox) throw new Error('no sandbox');
  options.beforeRun?.(sandbox);
  const events: TimedEvent[] = [];
  const { runRunbook } = await import('../src/engine/index.ts');
  try {
    const started = performance.now();
    const outcome = await runRunbook({
      ...prepared.options,
      dryRun: options.dryRun,
      handleSignals: false,
      events: (event) => events.push({ atMs: Date.now(), event }),
    });
    return { wallMs: performance.now() - started, outcome: outcome.outcome, sandbox, events };
  } finally {
    await prepared.session.close();
  }
}

/**
 * Plans a phase one step after another (the engine's planner at concurrency 1), so each step's
 * requests fall inside its own step.started .. step.planned window: the calibration run from
 * which the dependency chain is read (bench/dependency-chain.ts).
 */
export async function planPhaseInTurn(
  options: Omit<PhaseOptions, 'dryRun' | 'faults'>,
): Promise<{ runbook: LoadedRunbook; sandbox: Sandbox; events: TimedEvent[] }> {
  const prepared = await prepare({ ...options, dryRun: true });
  const sandbox = prepared.session.sandbox;
  if (!sandbox) throw new Error('no sandbox');
  const events: TimedEvent[] = [];
  const engine = await resolveEngine({
    ...prepared.options,
    handleSignals: false,
    events: (event) => events.push({ atMs: Date.now(), event }),
  });
  try {
    await planAll(engine, prepared.options, 1);
    return { runbook: prepared.options.runbook, sandbox, events };
  } finally {
    engine.dispose();
    await prepared.session.close();
  }
}
