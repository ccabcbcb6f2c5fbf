import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRunbook } from '../../src/engine/index.ts';
import { FileJournalStore } from '../../src/journal/index.ts';
import { StepFailedError } from '../../src/errors.ts';
import { objectStep, type PhaseCall } from './fixtures/object-step.ts';
import { makeHarness, makeRunbook, objectSteps, TENANT } from './fixtures/harness.ts';
import { readRemote, writeRemote } from './fixtures/remote.ts';

function journalText(stateDir: string, runId: string): string {
  return readFileSync(join(stateDir, 'runs', `${runId}.jsonl`), 'utf8');
}

describe('runRunbook', () => {
  it('dry-run plans every step, counts changes and mutates nothing', async () => {
    const calls: PhaseCall[] = [];
    const h = makeHarness([]);
    h.env.handlers = [objectStep({ remoteFile: h.remoteFile, calls })];
    writeRemote(h.remoteFile, {
      objects: { 'beta-obj': { id: 'obj-b', value: 'value-of-beta' } },
      creates: [],
    });
    const outcome = await runRunbook({
      ...h.env,
      runbook: makeRunbook(objectSteps('alpha', 'beta', 'gamma')),
      inputs: {},
      interactive: false,
      dryRun: true,
    });
    expect(outcome.outcome).toBe('dry-run');
    expect(outcome.runId).toBeUndefined();
    expect(outcome.plan.steps.map((s) => s.action)).toEqual(['create', 'noop', 'create']);
    expect(outcome.changes).toBe(2);
    expect(outcome.plan.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(calls.every((c) => c.phase === 'plan')).toBe(true);
    expect(readRemote(h.remoteFile).creates).toEqual([]);
    expect(existsSync(join(h.config.stateDir, 'runs'))).toBe(false);
    expect(h.events.map((e) => e.type)).toContain('plan');
  });

  it('gives the same plan hash for the same state and another for different inputs', async () => {
    const h = makeHarness([]);
    h.env.handlers = [objectStep({ remoteFile: h.remoteFile })];
    const plan = (steps = objectSteps('alpha')) =>
      runRunbook({
        ...h.env,
        runbook: makeRunbook(steps),
        inputs: { region: 'emea' },
        interactive: false,
        dryRun: true,
      });
    const first = await plan();
    const second = await plan();
    expect(second.plan.hash).toBe(first.plan.hash);
    const changed = objectSteps('alpha').map((s) => ({ ...s, with: { ...s.with, value: 'other' } }));
    expect((await plan(changed)).plan.hash).not.toBe(first.plan.hash);
  });

  it('writes and flushes the intent before the mutation, then done, then verified', async () => {
    const h = makeHarness([]);
    const seenInsideApply: string[] = [];
    h.env.handlers = [
      objectStep({
        remoteFile: h.remoteFile,
        beforeWrite: (ctx) => {
          const lines = journalText(h.config.stateDir, ctx.runId).trim().split('\n');
          seenInsideApply.push(lines.at(-1) ?? '');
        },
      }),
    ];
    const outcome = await runRunbook({
      ...h.env,
      runbook: makeRunbook(objectSteps('alpha', 'beta')),
      inputs: {},
      interactive: false,
    });
    expect(outcome.outcome).toBe('succeeded');
    const last = seenInsideApply.map((line) => JSON.parse(line) as { type: string; stepId: string });
    expect(last).toEqual([
      expect.objectContaining({ type: 'step.intent', stepId: 'alpha' }),
      expect.objectContaining({ type: 'step.intent', stepId: 'beta' }),
    ]);
    const types = journalText(h.config.stateDir, outcome.runId ?? '')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual([
      'run.started',
      'step.intent',
      'step.done',
      'step.verified',
      'step.intent',
      'step.done',
      'step.verified',
      'run.finished',
    ]);
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj', 'beta-obj']);
  });

  it('feeds outputs of earlier steps and config into later templates', async () => {
    const h = makeHarness([]);
    h.env.handlers = [objectStep({ remoteFile: h.remoteFile })];
    const steps = [
      ...objectSteps('alpha'),
      {
        id: 'linked',
        type: 'test.object',
        title: 'Linked',
        with: {
          name: 'linked-obj',
          value: '${steps.alpha.outputs.id}@${config.mailRegion}/${config.tenantId}',
        },
      },
    ];
    const outcome = await runRunbook({
      ...h.env,
      runbook: makeRunbook(steps),
      inputs: {},
      interactive: false,
    });
    expect(outcome.plan.steps[1]?.pending).toBe(true);
    expect(readRemote(h.remoteFile).objects['linked-obj']?.value).toBe(`obj-alpha-obj-1@emea-west/${TENANT}`);
  });

  it('stops at a failing step, journals it and names the run for resume and rollback', async () => {
    const h = makeHarness([]);
    h.env.handlers = [
      objectStep({
        remoteFile: h.remoteFile,
        beforeWrite: (ctx) => {
          if (ctx.stepId === 'beta') throw new Error('remote answered 503 twice');
        },
      }),
    ];
    const error = await runRunbook({
      ...h.env,
      runbook: makeRunbook(objectSteps('alpha', 'beta', 'gamma')),
      inputs: {},
      interactive: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailedError);
    const failed = error as StepFailedError;
    expect(failed.stepId).toBe('beta');
    expect(failed.phase).toBe('apply');
    expect(failed.hint).toContain(`sop-integrate resume ${failed.runId}`);
    expect(failed.hint).toContain(`sop-integrate rollback ${failed.runId}`);
    const { records } = await new FileJournalStore(join(h.config.stateDir, 'runs')).read(failed.runId);
    expect(records.at(-2)).toMatchObject({
      type: 'step.failed',
      stepId: 'beta',
      error: { message: 'remote answered 503 twice' },
    });
    expect(records.at(-1)).toMatchObject({ type: 'run.finished', outcome: 'failed' });
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj']);
    const finished = h.events.find((e) => e.type === 'run.finished');
    expect(finished).toMatchObject({ summary: { outcome: 'failed', counts: { applied: 1, failed: 1 } } });
  });

  it('never writes a registered secret that a step returns as an output to the journal', async () => {
    const secret = 'Zq8~tenant-app-secret-4f1e9a';
    const h = makeHarness([]);
    h.env.redactor.register(secret);
    h.env.handlers = [objectStep({ remoteFile: h.remoteFile, extraOutput: `client secret is ${secret}` })];
    const outcome = await runRunbook({
      ...h.env,
      runbook: makeRunbook(objectSteps('alpha')),
      inputs: { note: secret },
      interactive: false,
    });
    const text = journalText(h.config.stateDir, outcome.runId ?? '');
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
    expect(JSON.stringify(h.events)).not.toContain(secret);
  });

  it('refuses a saved plan that no longer matches live state', async () => {
    const h = makeHarness([]);
    h.env.handlers = [objectStep({ remoteFile: h.remoteFile })];
    const runbook = makeRunbook(objectSteps('alpha'));
    const saved = await runRunbook({ ...h.env, runbook, inputs: {}, interactive: false, dryRun: true });
    writeRemote(h.remoteFile, {
      objects: { 'alpha-obj': { id: 'x', value: 'someone else' } },
      creates: ['alpha-obj'],
    });
    await expect(
      runRunbook({ ...h.env, runbook, inputs: {}, interactive: false, savedPlan: saved.plan }),
    ).rejects.toMatchObject({
      code: 'REFUSED_STALE_PLAN',
    });
    expect(readRemote(h.remoteFile).objects['alpha-obj']?.value).toBe('someone else');
  });

  it('refuses a step whose live state drifted between plan and apply', async () => {
    const h = makeHarness([]);
    h.env.handlers = [
      objectStep({
        remoteFile: h.remoteFile,
        afterWrite: (ctx) => {
          // Someone else creates gamma's object while alpha is being applied.
          if (ctx.stepId !== 'alpha') return;
          const remote = readRemote(h.remoteFile);
          remote.objects['gamma-obj'] = { id: 'foreign', value: 'foreign value' };
          writeRemote(h.remoteFile, remote);
        },
      }),
    ];
    await expect(
      runRunbook({
        ...h.env,
        runbook: makeRunbook(objectSteps('alpha', 'gamma')),
        inputs: {},
        interactive: false,
      }),
    ).rejects.toMatchObject({ code: 'REFUSED_STALE_PLAN' });
    expect(readRemote(h.remoteFile).objects['gamma-obj']?.value).toBe('foreign value');
  });
});
