import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { breakLock, listRuns, readLock, resumeRun, rollbackRun, showRun } from '../../src/engine/index.ts';
import { objectStep, type PhaseCall } from './fixtures/object-step.ts';
import { makeHarness, makeRunbook, objectSteps, TENANT } from './fixtures/harness.ts';
import { readRemote } from './fixtures/remote.ts';

const script = fileURLToPath(new URL('./fixtures/crash-run.ts', import.meta.url));

describe('a run killed between intent and done', () => {
  it('resumes without duplicating or skipping a step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-crash-'));
    const child = spawnSync(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', script, dir],
      { encoding: 'utf8' },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');

    const calls: PhaseCall[] = [];
    const h = makeHarness([], dir);
    h.env.handlers = [objectStep({ remoteFile: h.remoteFile, calls })];
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj', 'beta-obj']);

    const [run] = (await listRuns(h.env)).runs;
    expect(run).toMatchObject({ status: 'running', stepsDone: 1, stepsTotal: 3, tenantId: TENANT });
    const runId = run?.runId ?? '';
    const details = await showRun(runId, h.env);
    expect(details.state.steps.beta).toMatchObject({ attempts: 1, done: false });

    // The dead process still holds the lock: stale, refused until unlocked explicitly.
    const lock = await readLock(h.config.stateDir, TENANT, 'fabrikam-mail');
    expect(lock).toMatchObject({ runId, stale: true });
    await expect(
      resumeRun(runId, {
        ...h.env,
        runbook: makeRunbook(objectSteps('alpha', 'beta', 'gamma')),
        inputs: {},
        interactive: false,
      }),
    ).rejects.toMatchObject({
      code: 'REFUSED_LOCKED',
      message: expect.stringContaining('stale') as unknown,
    });
    await breakLock(h.config.stateDir, TENANT, 'fabrikam-mail');

    const outcome = await resumeRun(runId, {
      ...h.env,
      runbook: makeRunbook(objectSteps('alpha', 'beta', 'gamma')),
      inputs: {},
      interactive: false,
    });
    expect(outcome.outcome).toBe('succeeded');
    const remote = readRemote(h.remoteFile);
    expect(remote.creates).toEqual(['alpha-obj', 'beta-obj', 'gamma-obj']);
    expect(Object.keys(remote.objects).sort()).toEqual(['alpha-obj', 'beta-obj', 'gamma-obj']);
    // alpha is skipped entirely; beta is re-planned first, then applied again idempotently (it finds
    // its object, so creates stay at one) so that its undo record covers the crashed attempt's work.
    expect(calls.filter((c) => c.stepId === 'alpha')).toEqual([]);
    expect(calls.filter((c) => c.stepId === 'beta').map((c) => c.phase)).toEqual(['plan', 'apply', 'verify']);
    expect(calls.filter((c) => c.stepId === 'gamma').map((c) => c.phase)).toEqual([
      'plan',
      'apply',
      'verify',
    ]);

    // beta's resumed apply ran against the state its first plan observed (journaled with the
    // intent), so its undo record knows beta created the object: rollback undoes all three.
    const rollback = await rollbackRun(runId, { ...h.env, dryRun: true });
    expect(rollback.undone).toEqual(['gamma', 'beta', 'alpha']);
    expect(rollback.skipped).toEqual([]);
  });
});
