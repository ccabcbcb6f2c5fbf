// Plan latency: proofpoint phase 2 dry-run, in process, with 40 ms added to every request:
// wall ÷ (40 ms × the longest chain of requests that depend on each other). Start-up is measured
// separately; this is the engine and the adapters. The chain comes from a calibration run that
// plans one step at a time (bench/dependency-chain.ts); the timed runs plan as the tool does.
import { median } from './measure.ts';
import { chainsByStep, runChain, type StepChain } from './dependency-chain.ts';
import { planPhaseInTurn, runPhase, seededStateDir } from './in-process.ts';

export interface PlanLatencyResult {
  latencyMs: number;
  wallMs: number;
  requests: number;
  chain: number;
  /** Steps along the longest chain, each waiting for the one before. */
  chainPath: string[];
  ratio: number;
  steps: StepChain[];
}

export async function benchPlanLatency(runs = 5, latencyMs = 40): Promise<PlanLatencyResult> {
  const stateDir = await seededStateDir();
  const phase = () => runPhase({ integration: 'proofpoint', phase: 2, stateDir, dryRun: true, latencyMs });
  await phase(); // warm-up: module loading and JIT are start-up, not plan latency
  const walls: number[] = [];
  let last: Awaited<ReturnType<typeof phase>> | undefined;
  for (let i = 0; i < runs; i += 1) {
    last = await phase();
    walls.push(last.wallMs);
  }
  if (!last) throw new Error('no run');
  const calibration = await planPhaseInTurn({ integration: 'proofpoint', phase: 2, stateDir, latencyMs });
  const steps = chainsByStep(calibration.sandbox.requests, calibration.events);
  const { chain, path } = runChain(calibration.runbook, steps);
  const wallMs = median(walls);
  return {
    latencyMs,
    wallMs,
    requests: last.sandbox.requests.length,
    chain,
    chainPath: path,
    ratio: wallMs / (latencyMs * chain),
    steps,
  };
}
