// Faults at 10-30% on every service (5xx, 429 with Retry-After, connection resets, timeouts):
// each run either completes, or stops cleanly (exit 1) with a journal that `resume` finishes.
// Either way the effect equals a clean run's (nothing lost, nothing duplicated), rollback
// restores the seeded state, and no secret reaches any output.
import { describe, expect, it } from 'vitest';
import { isEmptyDiff } from '../../src/sandbox/index.ts';
import { runCli, type CliResult } from '../cli/run-cli.ts';
import { withSandboxState } from '../e2e/sandbox-state.ts';
import {
  cleanRun,
  ninjaonePhase1,
  proofpointPhase2,
  seededStateDir,
  type PhaseSpec,
} from './support/clean-run.ts';
import { expectNoSecrets } from './support/no-secrets.ts';
import { stateSignature } from './support/state-signature.ts';

const mixes: Record<string, string[]> = {
  '5xx 20% + resets 10%': ['kind=status,status=503,rate=0.2', 'kind=reset,rate=0.1'],
  '429 Retry-After 1 s at 30%': ['kind=status,status=429,retryAfterSeconds=1,rate=0.3'],
  '502/504 10% + a timeout': [
    'kind=status,status=502,rate=0.1',
    'kind=status,status=504,rate=0.1',
    'kind=timeout,times=1,method=GET',
  ],
};

const expected = {
  proofpoint: (await cleanRun(proofpointPhase2)).signature,
  ninjaone: (await cleanRun(ninjaonePhase1)).signature,
};

const cases = Object.entries(mixes).flatMap(([mix, faults]) =>
  [proofpointPhase2, ninjaonePhase1].map((spec) => ({
    name: `${spec.integration} phase ${spec.phase}: ${mix}`,
    spec,
    faults,
  })),
);

async function runWithFaults(spec: PhaseSpec, faults: string[]) {
  const { cwd, stateDir, initial } = await seededStateDir('sop-faults-');
  const sandbox = ['--sandbox', '--state-dir', stateDir];
  const outputs: Record<string, CliResult> = {};
  const args = [spec.integration, '--phase', String(spec.phase), ...sandbox, '--output', 'json'];
  outputs.first = await runCli([...args, ...faults.flatMap((f) => ['--sandbox-fault', f])], { cwd });
  expect([0, 1], outputs.first.stderr).toContain(outputs.first.code);
  if (outputs.first.code === 1) {
    // A clean failure: the journal names the run, and resume (faults gone) finishes it.
    const runId = /"runId":"([^"]+)"/.exec(outputs.first.stdout)?.[1] ?? '';
    expect(runId).not.toBe('');
    outputs.resumed = await runCli(['resume', runId, ...sandbox], { cwd });
    expect(outputs.resumed.code, outputs.resumed.stderr).toBe(0);
  }
  await withSandboxState(stateDir, (sb) => {
    expect(stateSignature(sb.diff(initial, sb.snapshot()))).toEqual(expected[spec.integration]);
  });
  const runId = /"runId":"([^"]+)"/.exec(outputs.first.stdout)?.[1] ?? '';
  outputs.rolledBack = await runCli(['rollback', runId, ...sandbox], { cwd });
  expect(outputs.rolledBack.code, outputs.rolledBack.stderr).toBe(0);
  await withSandboxState(stateDir, (sb) => expect(isEmptyDiff(sb.diff(initial, sb.snapshot()))).toBe(true));
  await expectNoSecrets(
    stateDir,
    Object.fromEntries(
      Object.entries(outputs).flatMap(([n, r]) => [
        [`${n} stdout`, r.stdout],
        [`${n} stderr`, r.stderr],
      ]),
    ),
  );
  return outputs.first.code;
}

describe('faults on every service: complete, or fail cleanly and resume; nothing lost or duplicated', () => {
  it.concurrent.each(cases)(
    '$name',
    async ({ spec, faults }) => {
      await runWithFaults(spec, faults);
    },
    300_000,
  );
});
