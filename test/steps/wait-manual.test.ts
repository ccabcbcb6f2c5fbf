import { describe, expect, it } from 'vitest';
import { waitStep, formatRemaining } from '../../src/services/builtin/steps/wait/index.ts';
import { manualStep } from '../../src/services/builtin/steps/manual/index.ts';
import type { StepContext } from '../../src/steps/contract.ts';

function ctxAt(iso: string, firstAttemptAt?: string): StepContext & { warnings: string[] } {
  let now = Date.parse(iso);
  const warnings: string[] = [];
  return {
    warnings,
    stepId: 'ttl',
    firstAttemptAt: firstAttemptAt ? new Date(firstAttemptAt) : undefined,
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
    },
    signal: new AbortController().signal,
    log: { info: () => undefined, warn: (m: string) => warnings.push(m), progress: () => undefined },
  } as unknown as StepContext & { warnings: string[] };
}

describe('wait step', () => {
  it('checks params at load: one of duration or until, templates allowed', () => {
    expect(waitStep.params.safeParse({ duration: '1h30m' }).success).toBe(true);
    expect(waitStep.params.safeParse({ duration: '${inputs.oldMxTtl}' }).success).toBe(true);
    expect(waitStep.params.safeParse({ duration: 'soon' }).success).toBe(false);
    expect(waitStep.params.safeParse({ until: '2026-11-26T08:00:00Z', duration: '5m' }).success).toBe(false);
    expect(waitStep.params.safeParse({}).success).toBe(false);
  });

  it('waits until a wall-clock time and verifies the deadline passed', async () => {
    const ctx = ctxAt('2026-11-26T07:58:30Z');
    const result = await waitStep.apply(
      ctx,
      { until: '2026-11-26T08:00:00Z' },
      { action: 'wait', summary: '', changes: [], calls: [] },
    );
    expect(result.outputs.until).toBe('2026-11-26T08:00:00.000Z');
    expect(ctx.now().toISOString()).toBe('2026-11-26T08:00:00.000Z');
    expect(await waitStep.verify(ctx, { until: '2026-11-26T08:00:00Z' }, result.outputs)).toMatchObject({
      ok: true,
    });
  });

  it('rejects a templated duration that resolved to nonsense at plan time', async () => {
    await expect(waitStep.plan(ctxAt('2026-11-26T07:00:00Z'), { duration: 'a while' })).rejects.toMatchObject(
      { code: 'INPUT_INVALID' },
    );
  });

  it('formats the time left', () => {
    expect(formatRemaining(5_400_000)).toBe('1h30m');
    expect(formatRemaining(61_000)).toBe('1m1s');
    expect(formatRemaining(0)).toBe('0s');
  });
});

describe('manual step', () => {
  it('plans a manual action with the instructions and returns the undo instructions as its undo record', async () => {
    const ctx = ctxAt('2026-11-26T09:00:00Z');
    const params = {
      instructions: 'Open User Management\nEnter tenant 42',
      undoInstructions: 'Delete the sync profile',
    };
    const plan = await manualStep.plan(ctx, params);
    expect(plan).toMatchObject({
      action: 'manual',
      summary: 'done by an operator, following these instructions:',
      details: ['Open User Management', 'Enter tenant 42'],
    });
    const applied = await manualStep.apply(ctx, params, plan);
    expect(applied).toEqual({
      outputs: { confirmedAt: '2026-11-26T09:00:00.000Z' },
      undo: { instructions: 'Delete the sync profile' },
    });
    await manualStep.undo?.(ctx, { instructions: 'Delete the sync profile' });
    expect(ctx.warnings).toEqual(['revert by hand: Delete the sync profile']);
  });

  it('rejects an unknown check type', () => {
    expect(
      manualStep.params.safeParse({
        instructions: 'x',
        verify: { type: 'telepathy', that: 1, equals: 1, message: 'm' },
      }).success,
    ).toBe(false);
  });
});
