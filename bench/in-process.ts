// Runs a phase in this process against the CLI's own sandbox wiring (prepareRun), so a benchmark
// can read the sandbox request log and the engine events with their times.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareRun } from '../src/cli/prepare-run.ts';
import type { Printer } from '../src/cli/printer.ts';
import { runbookPath } from '../src/cli/runbook-files.ts';
import type { RunEvent } from '../src/engine/index.ts';
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

export async function runPhase(options: {
  integration: string;
  phase: number;
  stateDir: string;
  dryRun: boolean;
  latencyMs?: number;
  faults?: FaultRule[];
  beforeRun?: (sandbox: Sandbox) => void;
}): Promise<{ wallMs: number; outcome: string; sandbox: Sandbox; events: TimedEvent[] }> {
  const prepared = await prepareRun(
    runbookPath(options.integration, options.phase),
    { sandbox: true, stateDir: options.stateDir, nonInteractive: true, output: 'json', color: false },
    undefined,
    { printer: silent, sandbox: { latencyMs: options.latencyMs ?? 0, faults: options.faults ?? [] } },
  );
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
