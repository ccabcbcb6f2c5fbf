import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acquireLock, breakLock, readLock, resumeRun, runRunbook, unlock } from '../../src/engine/index.ts';
import { RefusedError } from '../../src/errors.ts';
import { objectStep } from './fixtures/object-step.ts';
import { makeHarness, makeRunbook, objectSteps, TENANT } from './fixtures/harness.ts';
import { readRemote } from './fixtures/remote.ts';

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid ?? 999_999;
}

describe('tenant + integration lock', () => {
  it('refuses a second run while the first holds the lock, naming the holder', async () => {
    const h = makeHarness([]);
    let refusal: unknown;
    h.env.handlers = [
      objectStep({
        remoteFile: h.remoteFile,
        beforeWrite: async () => {
          refusal ??= await runRunbook({
            ...h.env,
            runbook: makeRunbook(objectSteps('intruder')),
            inputs: {},
            interactive: false,
          }).catch((e: unknown) => e);
        },
      }),
    ];
    const outcome = await runRunbook({
      ...h.env,
      runbook: makeRunbook(objectSteps('alpha')),
      inputs: {},
      interactive: false,
    });
    expect(refusal).toBeInstanceOf(RefusedError);
    expect(refusal).toMatchObject({ code: 'REFUSED_LOCKED' });
    const message = (refusal as RefusedError).message;
    expect(message).toContain(outcome.runId);
    expect(message).toContain(`pid ${process.pid} on ${hostname()}`);
    expect((refusal as RefusedError).hint).toContain(`sop-integrate unlock ${TENANT} fabrikam-mail`);
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj']);
    // Released when the run finished.
    expect(await readLock(h.config.stateDir, TENANT, 'fabrikam-mail')).toBeUndefined();
  });

  it('reports a lock of a dead process as stale, still refuses, and unlock breaks it', async () => {
    const h = makeHarness([]);
    h.env.handlers = [objectStep({ remoteFile: h.remoteFile })];
    const pid = deadPid();
    await acquireLock(h.config.stateDir, TENANT, 'fabrikam-mail', {
      runId: '20261126T050000Z-dead',
      pid,
      host: hostname(),
      startedAt: '2026-11-26T05:00:00Z',
    });
    const run = () =>
      runRunbook({ ...h.env, runbook: makeRunbook(objectSteps('alpha')), inputs: {}, interactive: false });
    await expect(run()).rejects.toMatchObject({
      code: 'REFUSED_LOCKED',
      message: expect.stringContaining('stale') as unknown,
    });
    expect(readRemote(h.remoteFile).creates).toEqual([]);
    const broken = await unlock(TENANT, 'fabrikam-mail', h.env);
    expect(broken).toMatchObject({ runId: '20261126T050000Z-dead', pid, stale: true });
    expect((await run()).outcome).toBe('succeeded');
  });

  it('refuses to break the lock of a process that is still running here', async () => {
    const h = makeHarness([]);
    await acquireLock(h.config.stateDir, TENANT, 'fabrikam-mail', {
      runId: '20261126T050000Z-live',
      pid: process.pid,
      host: hostname(),
      startedAt: '2026-11-26T05:00:00Z',
    });
    await expect(breakLock(h.config.stateDir, TENANT, 'fabrikam-mail')).rejects.toMatchObject({
      code: 'REFUSED_LOCKED',
    });
  });
});

describe('resume refuses a changed run', () => {
  it('when the runbook or the inputs differ from run.started', async () => {
    const h = makeHarness([]);
    h.env.handlers = [
      objectStep({
        remoteFile: h.remoteFile,
        beforeWrite: (ctx) => {
          if (ctx.stepId === 'beta') throw new Error('boom');
        },
      }),
    ];
    const failed = (await runRunbook({
      ...h.env,
      runbook: makeRunbook(objectSteps('alpha', 'beta')),
      inputs: { zone: 'fabrikam.net' },
      interactive: false,
    }).catch((e: unknown) => e)) as { runId: string };
    const changedRunbook = makeRunbook(objectSteps('alpha', 'beta'), { salt: 'edited' });
    await expect(
      resumeRun(failed.runId, {
        ...h.env,
        runbook: changedRunbook,
        inputs: { zone: 'fabrikam.net' },
        interactive: false,
      }),
    ).rejects.toMatchObject({
      code: 'REFUSED_CHANGED',
      message: expect.stringContaining('runbook') as unknown,
    });
    await expect(
      resumeRun(failed.runId, {
        ...h.env,
        runbook: makeRunbook(objectSteps('alpha', 'beta')),
        inputs: { zone: 'contoso.net' },
        interactive: false,
      }),
    ).rejects.toMatchObject({
      code: 'REFUSED_CHANGED',
      message: expect.stringContaining('inputs') as unknown,
    });
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj']);
  });
});
