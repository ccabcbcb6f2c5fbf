// A gate on a read-only step (a review, an inventory, a note) is a sign-off: it is asked even
// though the step changes nothing, while a gate on a mutating step that plans noop is not.
import { describe, expect, it } from 'vitest';
import { runRunbook } from '../../src/engine/index.ts';
import { WaitingError } from '../../src/errors.ts';
import { noteStep } from '../../src/services/builtin/steps/note/index.ts';
import { objectStep } from './fixtures/object-step.ts';
import { makeHarness, makeRunbook, objectSteps } from './fixtures/harness.ts';

const gates = { 'board-sign-off': { approverRole: 'Change-Board', evidence: ['ticket'] } };

function setup() {
  const h = makeHarness([]);
  h.env.handlers = [objectStep({ remoteFile: h.remoteFile }), noteStep];
  return h;
}

const signOff = {
  id: 'sign-off',
  type: 'note',
  title: 'Board signs the review off',
  gate: 'board-sign-off',
  with: { text: 'Reviewed.' },
};

describe('review gates', () => {
  it('stop a non-interactive run at a gated read-only step, and pass with a matching approval', async () => {
    const h = setup();
    const runbook = makeRunbook([signOff], { gates });
    const error = await runRunbook({ ...h.env, runbook, inputs: {}, interactive: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WaitingError);
    expect(error).toMatchObject({ code: 'WAITING_FOR_APPROVAL', gate: 'board-sign-off' });

    const dry = await runRunbook({ ...h.env, runbook, inputs: {}, interactive: false, dryRun: true });
    const approval = {
      gate: 'board-sign-off',
      approver: 'Ines Ortiz',
      role: 'Change-Board',
      evidence: { ticket: 'CAB-981' },
      planHash: dry.plan.hash,
    };
    await runRunbook({ ...h.env, runbook, inputs: {}, interactive: false, approvals: [approval] });
    expect(h.events.filter((e) => e.type === 'gate.approved')).toHaveLength(1);
  });

  it('do not ask again for a mutating step that plans noop on a re-run', async () => {
    const h = setup();
    const [first] = objectSteps('gamma');
    const plain = makeRunbook([first!], { gates });
    await runRunbook({ ...h.env, runbook: plain, inputs: {}, interactive: false });
    const gated = makeRunbook([{ ...first!, gate: 'board-sign-off' }], { gates });
    await runRunbook({ ...h.env, runbook: gated, inputs: {}, interactive: false });
    expect(h.events.some((e) => e.type === 'gate.requested')).toBe(false);
  });
});
