import { describe, expect, it } from 'vitest';
import { resumeRun, runRunbook, approveRun } from '../../src/engine/index.ts';
import { WaitingError } from '../../src/errors.ts';
import type { Approval, Approver } from '../../src/engine/types.ts';
import { objectStep } from './fixtures/object-step.ts';
import { makeHarness, makeRunbook, objectSteps } from './fixtures/harness.ts';
import { readRemote } from './fixtures/remote.ts';

const gates = { 'cab-approval': { approverRole: 'Change-Board', evidence: ['ticket'] } };

function gatedRunbook() {
  const [first, second] = objectSteps('alpha', 'beta');
  return makeRunbook([first!, { ...second!, gate: 'cab-approval' }], { gates });
}

function setup() {
  const h = makeHarness([]);
  h.env.handlers = [objectStep({ remoteFile: h.remoteFile })];
  return h;
}

describe('gates', () => {
  it('stop a non-interactive run before the gated mutation with WAITING_FOR_APPROVAL', async () => {
    const h = setup();
    const error = await runRunbook({
      ...h.env,
      runbook: gatedRunbook(),
      inputs: {},
      interactive: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitingError);
    expect(error).toMatchObject({ code: 'WAITING_FOR_APPROVAL', gate: 'cab-approval' });
    expect((error as WaitingError).hint).toContain('--role Change-Board --evidence ticket=<value>');
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj']);
    expect(h.events.some((e) => e.type === 'gate.requested')).toBe(true);
  });

  it('do not count an approval for another plan hash, a wrong role or missing evidence', async () => {
    const h = setup();
    const dry = await runRunbook({
      ...h.env,
      runbook: gatedRunbook(),
      inputs: {},
      interactive: false,
      dryRun: true,
    });
    const good: Approval = {
      gate: 'cab-approval',
      approver: 'Rui Ortega',
      role: 'change-board',
      evidence: { ticket: 'CHG-7731' },
      planHash: dry.plan.hash,
    };
    const approvals: Approval[] = [
      { ...good, planHash: 'f'.repeat(64) },
      { ...good, role: 'Intern' },
      { ...good, evidence: {} },
    ];
    const error = await runRunbook({
      ...h.env,
      runbook: gatedRunbook(),
      inputs: {},
      interactive: false,
      approvals,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WAITING_FOR_APPROVAL' });
    const message = (error as WaitingError).message;
    expect(message).toContain('this plan is');
    expect(message).toContain('role Intern is not Change-Board');
    expect(message).toContain('evidence missing: ticket');
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj']);
  });

  it('pass with a matching approval from the approvals file and journal it with the plan hash', async () => {
    const h = setup();
    const dry = await runRunbook({
      ...h.env,
      runbook: gatedRunbook(),
      inputs: {},
      interactive: false,
      dryRun: true,
    });
    const approvals: Approval[] = [
      {
        gate: 'cab-approval',
        approver: 'Rui Ortega',
        role: 'CHANGE-BOARD',
        evidence: { ticket: 'CHG-7731' },
        planHash: dry.plan.hash,
      },
    ];
    const outcome = await runRunbook({
      ...h.env,
      runbook: gatedRunbook(),
      inputs: {},
      interactive: false,
      approvals,
    });
    expect(outcome.outcome).toBe('succeeded');
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj', 'beta-obj']);
    expect(h.events).toContainEqual(
      expect.objectContaining({ type: 'gate.approved', approver: 'Rui Ortega', via: 'file' }),
    );
  });

  it('ask the injected Approver in interactive mode', async () => {
    const h = setup();
    const asked: string[] = [];
    const approver: Approver = {
      requestApproval: async (request) => {
        asked.push(`${request.gate}:${request.steps.map((s) => s.id).join(',')}`);
        return { approver: 'Mia Chen', role: 'Change-Board', evidence: { ticket: 'CHG-9' } };
      },
    };
    const outcome = await runRunbook({
      ...h.env,
      runbook: gatedRunbook(),
      inputs: {},
      interactive: true,
      approver,
    });
    expect(outcome.outcome).toBe('succeeded');
    expect(asked).toEqual(['cab-approval:beta']);
  });

  it('continue on resume after `approve <run-id>` recorded the approval in the journal', async () => {
    const h = setup();
    const waiting = (await runRunbook({
      ...h.env,
      runbook: gatedRunbook(),
      inputs: {},
      interactive: false,
    }).catch((e: unknown) => e)) as WaitingError;
    const runId = waiting.runId ?? '';
    await expect(
      approveRun(
        runId,
        { gate: 'cab-approval', approver: 'Rui Ortega', role: 'Auditor', evidence: { ticket: 'CHG-1' } },
        h.env,
      ),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await approveRun(
      runId,
      { gate: 'cab-approval', approver: 'Rui Ortega', role: 'Change-Board', evidence: { ticket: 'CHG-1' } },
      h.env,
    );
    const outcome = await resumeRun(runId, {
      ...h.env,
      runbook: gatedRunbook(),
      inputs: {},
      interactive: false,
    });
    expect(outcome.outcome).toBe('succeeded');
    expect(readRemote(h.remoteFile).creates).toEqual(['alpha-obj', 'beta-obj']);
  });
});
