// A manual step whose outside check is impossible: the engine passes the step the moment it
// began waiting for the operator (kept across a pause and resume), and journals `verified: false`
// with the reason, which `show` and the events carry on.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { approveRun, resumeRun, runRunbook, showRun } from '../../src/engine/index.ts';
import type { RunEvent } from '../../src/engine/types.ts';
import { WaitingError } from '../../src/errors.ts';
import { defineStep } from '../../src/steps/contract.ts';
import { makeHarness, makeRunbook } from './fixtures/harness.ts';

const seen: { phase: string; waitingSince: string | undefined }[] = [];

const Params = z.strictObject({});

const portalLike = defineStep<z.infer<typeof Params>>({
  type: 'test.portal',
  description: 'a portal page only a person can set',
  params: Params,
  outputs: [],
  mutating: true,
  async plan() {
    return { action: 'manual', summary: 'set it in the portal', changes: [], calls: [] };
  },
  async apply(ctx) {
    seen.push({ phase: 'apply', waitingSince: ctx.waitingSince?.toISOString() });
    return { outputs: {}, undo: null };
  },
  async verify(ctx) {
    seen.push({ phase: 'verify', waitingSince: ctx.waitingSince?.toISOString() });
    return { ok: true, verified: false, reason: 'no licence to read the log', checks: ['UNVERIFIED: …'] };
  },
});

const runbook = () =>
  makeRunbook([{ id: 'enter-portal', type: 'test.portal', title: 'Set the portal page', with: {} }]);

describe('unverified manual steps', () => {
  it('journals verified: false + reason, and gives the step when the wait began across a resume', async () => {
    const h = makeHarness([portalLike]);
    const error = await runRunbook({ ...h.env, runbook: runbook(), inputs: {}, interactive: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WaitingError);
    const runId = (error as WaitingError).runId ?? '';
    const pausedAt = h.clock.now().toISOString();

    h.clock.advance(4 * 3600_000); // the operator does the portal work hours later
    await approveRun(
      runId,
      { gate: 'enter-portal', approver: 'Noor', role: 'Operator', evidence: {} },
      h.env,
    );
    const outcome = await resumeRun(runId, { ...h.env, runbook: runbook(), inputs: {}, interactive: false });
    expect(outcome.outcome).toBe('succeeded');
    expect(seen).toEqual([
      { phase: 'apply', waitingSince: pausedAt },
      { phase: 'verify', waitingSince: pausedAt },
    ]);

    const details = await showRun(runId, h.env);
    expect(details.state.steps['enter-portal']?.verified).toEqual({
      ok: true,
      checks: ['UNVERIFIED: …'],
      verified: false,
      reason: 'no licence to read the log',
    });
    const event = h.events.find(
      (e): e is Extract<RunEvent, { type: 'step.verified' }> => e.type === 'step.verified',
    );
    expect(event).toMatchObject({ ok: true, verified: false, reason: 'no licence to read the log' });
  });
});
