// One crash case: SIGKILL the CLI at a mutation point, break the stale lock with `unlock`,
// `resume`, compare the effect with a clean run's, then `rollback` to the seeded state.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { isEmptyDiff } from '../../../src/sandbox/index.ts';
import { runCli } from '../../cli/run-cli.ts';
import { expectMailFlows } from '../../e2e/mail-probe.ts';
import { withSandboxState } from '../../e2e/sandbox-state.ts';
import { seededStateDir, type PhaseSpec } from './clean-run.ts';
import { expectNoSecrets } from './no-secrets.ts';
import { faultSpec, type MutationPoint } from './mutation-points.ts';
import { stateSignature } from './state-signature.ts';

export interface CrashCase {
  spec: PhaseSpec;
  point: MutationPoint;
  kind: 'crash-before' | 'crash-after';
  /** The clean run's effect on the sandbox (see stateSignature). */
  expected: string[];
}

export async function runCrashCase({ spec, point, kind, expected }: CrashCase): Promise<void> {
  const { cwd, stateDir, initial } = await seededStateDir('sop-crash-');
  const sandbox = ['--sandbox', '--state-dir', stateDir];
  const set = spec.set.flatMap((value) => ['--set', value]);
  const crashed = await runCli(
    [
      spec.integration,
      '--phase',
      String(spec.phase),
      ...sandbox,
      ...set,
      '--sandbox-fault',
      faultSpec(point, kind),
    ],
    { cwd },
  );
  expect(crashed.code, `no crash at ${point.label}: ${crashed.stderr}`).toBeNull();
  // A run killed here may stay stopped for days: mail must flow both ways meanwhile.
  if (spec.integration === 'proofpoint') await expectMailFlows(stateDir, `crashed at ${point.label}`);
  const runs = readdirSync(path.join(stateDir, 'runs')).filter((f) => f.endsWith('.jsonl'));
  expect(runs).toHaveLength(1);
  const runId = (runs[0] ?? '').replace(/\.jsonl$/, '');

  const unlocked = await runCli(['unlock', initial.tenant.id, spec.integration, '--state-dir', stateDir], {
    cwd,
  });
  expect(unlocked.stdout).toMatch(new RegExp(`Broke the lock of run ${runId}`));
  const resumed = await runCli(['resume', runId, ...sandbox], { cwd });
  expect(resumed.code, resumed.stderr).toBe(0);
  if (spec.integration === 'proofpoint') await expectMailFlows(stateDir, `resumed after ${point.label}`);
  // Exactly the clean run's effect: a content version an interrupted upload left would show as
  // one more created record (resume takes it over or deletes it).
  await withSandboxState(stateDir, (sb) => {
    expect(stateSignature(sb.diff(initial, sb.snapshot()))).toEqual(expected);
  });

  const rolledBack = await runCli(['rollback', runId, ...sandbox], { cwd });
  expect(rolledBack.code, rolledBack.stderr).toBe(0);
  await withSandboxState(stateDir, (sb) => {
    const diff = sb.diff(initial, sb.snapshot());
    expect(isEmptyDiff(diff), JSON.stringify(diff)).toBe(true);
  });
  if (spec.integration === 'proofpoint') await expectMailFlows(stateDir, 'after rollback');
  const outputs = { crashed, unlocked, resumed, rolledBack };
  await expectNoSecrets(
    stateDir,
    Object.fromEntries(
      Object.entries(outputs).flatMap(([n, r]) => [
        [`${n} stdout`, r.stdout],
        [`${n} stderr`, r.stderr],
      ]),
    ),
  );
}
