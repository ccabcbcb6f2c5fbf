import { describe, expect, it } from 'vitest';
import { approveRun, resumeRun, runRunbook, showRun } from '../../src/engine/index.ts';
import { StepFailedError, WaitingError } from '../../src/errors.ts';
import type { Operator } from '../../src/engine/types.ts';
import { manualStep } from '../../src/services/builtin/steps/manual/index.ts';
import { waitStep } from '../../src/services/builtin/steps/wait/index.ts';
import { objectStep } from './fixtures/object-step.ts';
import { makeHarness, makeRunbook, objectSteps } from './fixtures/harness.ts';
import { readRemote } from './fixtures/remote.ts';

const manualRunbook = () =>
  makeRunbook([
    ...objectSteps('alpha'),
    {
      id: 'enter-portal',
      type: 'manual',
      title: 'Enter the sync app in the portal',
      with: {
        instructions: 'Open Directory Sync\nClient ID: ${steps.alpha.outputs.id}',
        verify: {
          type: 'assert',
          that: '${steps.alpha.outputs.id}',
          matches: '^obj-alpha',
          message: 'alpha exists',
        },
      },
    },
    ...objectSteps('omega'),
  ]);

describe('manual steps', () => {
  it('pause a non-interactive run, then resume after `approve --gate <step-id>`', async () => {
    const h = makeHarness([]);
    h.env.handlers = [objectStep({ remoteFile: h.remoteFile }), manualStep];
    const error = await runRunbook({
      ...h.env,
      runbook: manualRunbook(),
      inputs: {},
      interactive: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitingError);
    expect(error).toMatchObject({ code: 'WAITING_FOR_OPERATOR', gate: 'enter-portal' });
    const runId = (error as WaitingError).runId ?? '';
    expect((await showRun(runId, h.env)).summary.status).toBe('waiting');
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj']);

    await approveRun(
      runId,
      { gate: 'enter-portal', approver: 'Noor Haddad', role: 'Operator', evidence: {} },
      h.env,
    );
    const outcome = await resumeRun(runId, {
      ...h.env,
      runbook: manualRunbook(),
      inputs: {},
      interactive: false,
    });
    expect(outcome.outcome).toBe('succeeded');
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj', 'omega-obj']);
    const details = await showRun(runId, h.env);
    expect(details.state.steps['enter-portal']?.verified).toEqual({
      ok: true,
      checks: ['passed: alpha exists ("obj-alpha-obj-1" matches /^obj-alpha/)'],
    });
    expect(details.summary.status).toBe('succeeded');
  });

  it('show resolved instructions to the Operator in interactive mode', async () => {
    const h = makeHarness([]);
    h.env.handlers = [objectStep({ remoteFile: h.remoteFile }), manualStep];
    const shown: string[][] = [];
    const operator: Operator = {
      confirm: async (request) => {
        shown.push(request.instructions);
        return { confirmed: true, by: 'Noor Haddad' };
      },
    };
    const outcome = await runRunbook({
      ...h.env,
      runbook: manualRunbook(),
      inputs: {},
      interactive: true,
      operator,
    });
    expect(outcome.outcome).toBe('succeeded');
    expect(shown).toEqual([
      ['Open Directory Sync', 'Client ID: obj-alpha-obj-1', 'then checked: 1 check(s)'],
    ]);
  });

  it('fail verification when a check does not hold', async () => {
    const h = makeHarness([]);
    h.env.handlers = [manualStep];
    const runbook = makeRunbook([
      {
        id: 'check-mx',
        type: 'manual',
        title: 'Switch MX',
        with: {
          instructions: 'Switch MX',
          verify: [
            { type: 'assert', that: 'mx1.old.example', equals: 'mx1.new.example', message: 'MX moved' },
          ],
        },
      },
    ]);
    const operator: Operator = { confirm: async () => ({ confirmed: true }) };
    const error = await runRunbook({ ...h.env, runbook, inputs: {}, interactive: true, operator }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StepFailedError);
    expect(error).toMatchObject({ phase: 'verify', stepId: 'check-mx' });
  });
});

describe('wait steps', () => {
  it('wait only the remainder after a resume, counting from the first attempt', async () => {
    const h = makeHarness([]);
    const controller = new AbortController();
    h.env.handlers = [waitStep, objectStep({ remoteFile: h.remoteFile })];
    h.env.signal = controller.signal;
    h.env.abortGraceMs = 50;
    // The run is stopped 4 minutes into a 10 minute wait.
    const clock = h.clock;
    h.env.clock = {
      now: () => clock.now(),
      sleep: async (ms, signal) => {
        await clock.sleep(ms, signal);
        if (clock.sleeps.reduce((a, b) => a + b, 0) >= 240_000)
          controller.abort(new Error('stopped by SIGINT'));
      },
    };
    const runbook = makeRunbook([
      { id: 'ttl-expiry', type: 'wait', title: 'Old MX TTL expires', with: { duration: '10m' } },
      ...objectSteps('after'),
    ]);
    const error = await runRunbook({ ...h.env, runbook, inputs: {}, interactive: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StepFailedError);
    const runId = (error as StepFailedError).runId;
    expect((await showRun(runId, h.env)).summary.status).toBe('interrupted');

    clock.sleeps.length = 0;
    clock.advance(60_000); // a minute passes before the operator resumes
    const resumed = await resumeRun(runId, {
      ...h.env,
      signal: undefined,
      clock,
      runbook,
      inputs: {},
      interactive: false,
    });
    expect(resumed.outcome).toBe('succeeded');
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(300_000);
    expect(readRemote(h.remoteFile).creates).toEqual(['after-obj']);
    expect(
      h.events.some((e) => e.type === 'step.log' && e.level === 'progress' && e.message.includes('5m left')),
    ).toBe(true);
  });
});
