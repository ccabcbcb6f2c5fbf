// Throttling: proofpoint phase 2 applied with 30% of Graph and Exchange answers a 429 with
// Retry-After: 1. Zero failures expected; wall ÷ the wait the server demanded (each 429 on the
// run's sequential path asks for 1 s).
import type { Sandbox } from '../src/sandbox/index.ts';
import { runPhase, seededStateDir } from './in-process.ts';

export interface ThrottlingResult {
  outcome: string;
  throttled: number;
  demandedMs: number;
  wallMs: number;
  ratio: number;
  failures: number;
}

export async function benchThrottling(): Promise<ThrottlingResult> {
  const stateDir = await seededStateDir();
  const fault = (service: string) => ({
    service,
    kind: 'status' as const,
    status: 429,
    retryAfterSeconds: 1,
    rate: 0.3,
  });
  let sandbox: Sandbox | undefined;
  const started = performance.now();
  const run = await runPhase({
    integration: 'proofpoint',
    phase: 2,
    stateDir,
    dryRun: false,
    faults: [fault('graph'), fault('exchange')],
    beforeRun: (sb) => (sandbox = sb),
  }).catch((error: unknown) => ({
    outcome: `failed: ${(error as Error).message.slice(0, 160)}`,
    wallMs: performance.now() - started,
    events: [],
  }));
  const throttled = sandbox?.requests.filter((r) => r.status === 429).length ?? 0;
  const failures = run.outcome.startsWith('failed')
    ? 1
    : run.events.filter((e) => e.event.type === 'step.failed').length;
  const demandedMs = throttled * 1000;
  return {
    outcome: run.outcome,
    throttled,
    demandedMs,
    wallMs: run.wallMs,
    ratio: run.wallMs / Math.max(1, demandedMs),
    failures,
  };
}
