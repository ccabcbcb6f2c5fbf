import { describe, expect, it } from 'vitest';
import { rollbackRun, runRunbook, showRun } from '../../src/engine/index.ts';
import { StepFailedError } from '../../src/errors.ts';
import { objectStep, type PhaseCall } from './fixtures/object-step.ts';
import { makeHarness, makeRunbook, objectSteps } from './fixtures/harness.ts';
import { readRemote, writeRemote } from './fixtures/remote.ts';

async function appliedRun(failUndoOf?: string) {
  const calls: PhaseCall[] = [];
  const h = makeHarness([]);
  writeRemote(h.remoteFile, {
    objects: { 'beta-obj': { id: 'obj-b0', value: 'original beta' } },
    creates: [],
  });
  const handler = objectStep({ remoteFile: h.remoteFile, calls });
  const undo = handler.undo?.bind(handler);
  h.env.handlers = [
    {
      ...handler,
      undo: async (ctx, record) => {
        if (ctx.stepId === failUndoOf) throw new Error('remote refused the delete');
        await undo?.(ctx, record);
      },
    },
  ];
  const outcome = await runRunbook({
    ...h.env,
    runbook: makeRunbook(objectSteps('alpha', 'beta', 'gamma')),
    inputs: {},
    interactive: false,
  });
  return { h, calls, runId: outcome.runId ?? '' };
}

describe('rollbackRun', () => {
  it('dry-run lists what would be undone, newest first, and changes nothing', async () => {
    const { h, calls, runId } = await appliedRun();
    const outcome = await rollbackRun(runId, { ...h.env, dryRun: true });
    expect(outcome.undone).toEqual(['gamma', 'beta', 'alpha']);
    expect(calls.some((c) => c.phase === 'undo')).toBe(false);
    expect(Object.keys(readRemote(h.remoteFile).objects).sort()).toEqual([
      'alpha-obj',
      'beta-obj',
      'gamma-obj',
    ]);
  });

  it('undoes newest first, restores the before-state, and a second rollback is a no-op', async () => {
    const { h, calls, runId } = await appliedRun();
    const first = await rollbackRun(runId, h.env);
    expect(first.undone).toEqual(['gamma', 'beta', 'alpha']);
    expect(calls.filter((c) => c.phase === 'undo').map((c) => c.stepId)).toEqual(['gamma', 'beta', 'alpha']);
    expect(readRemote(h.remoteFile).objects).toEqual({
      'beta-obj': { id: 'obj-b0', value: 'original beta' },
    });
    expect((await showRun(runId, h.env)).summary.status).toBe('rolled-back');

    const second = await rollbackRun(runId, h.env);
    expect(second.undone).toEqual([]);
    expect(calls.filter((c) => c.phase === 'undo')).toHaveLength(3);
  });

  it('resumes an interrupted rollback, skipping steps already undone', async () => {
    const { h, calls, runId } = await appliedRun('alpha');
    const error = await rollbackRun(runId, h.env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailedError);
    expect(error).toMatchObject({ phase: 'undo', stepId: 'alpha' });
    expect((await showRun(runId, h.env)).summary.status).toBe('rollback-failed');

    const handler = objectStep({ remoteFile: h.remoteFile, calls });
    const resumed = await rollbackRun(runId, { ...h.env, handlers: [handler] });
    expect(resumed.undone).toEqual(['alpha']);
    expect(calls.filter((c) => c.phase === 'undo').map((c) => c.stepId)).toEqual(['gamma', 'beta', 'alpha']);
    expect(Object.keys(readRemote(h.remoteFile).objects)).toEqual(['beta-obj']);
  });
});
