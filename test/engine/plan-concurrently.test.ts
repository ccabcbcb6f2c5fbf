// Concurrent planning: independent steps overlap, a step waits for the steps it references and
// sees their known outputs, and the plan, its hash and the event stream are exactly those of
// planning one step after another (concurrency 1), failures included.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveEngine } from '../../src/engine/env.ts';
import { planAll } from '../../src/engine/plan.ts';
import { referencedSteps } from '../../src/engine/plan-concurrently.ts';
import type { RunEvent } from '../../src/engine/types.ts';
import type { RunbookStep } from '../../src/runbook/types.ts';
import { defineStep } from '../../src/steps/contract.ts';
import { makeHarness, makeRunbook } from './fixtures/harness.ts';

interface Span {
  id: string;
  start: number;
  end: number;
  input: string | undefined;
}

/** A read-only step whose plan takes `delayMs` of real time and may fail. */
function timedRead(spans: Span[]) {
  return defineStep({
    type: 'test.timed-read',
    description: 'reads for delayMs',
    params: z
      .object({ delayMs: z.number(), input: z.string().optional(), fail: z.boolean().optional() })
      .strict(),
    outputs: ['value'],
    mutating: true,
    async plan(ctx, params) {
      const start = performance.now();
      ctx.log.info(`reading for ${ctx.stepId}`);
      await new Promise((resolve) => setTimeout(resolve, params.delayMs));
      spans.push({ id: ctx.stepId, start, end: performance.now(), input: params.input });
      if (params.fail) throw new Error(`${ctx.stepId} could not read`);
      const exists = params.delayMs % 2 === 0;
      return {
        action: exists ? 'noop' : 'create',
        summary: `${ctx.stepId} from ${params.input ?? 'nothing'}`,
        changes: exists ? [] : [{ path: 'value', before: null, after: `${ctx.stepId}-value` }],
        calls: [],
        ...(exists ? { knownOutputs: { value: `${ctx.stepId}-value-47` } } : {}),
      };
    },
    apply: () => Promise.reject(new Error('not applied in these tests')),
    verify: () => Promise.reject(new Error('not verified in these tests')),
  });
}

const step = (id: string, delayMs: number, extra: Record<string, unknown> = {}): RunbookStep => ({
  id,
  type: 'test.timed-read',
  title: `Read ${id}`,
  with: { delayMs, ...extra },
});

// north (80 ms, noop: outputs known) <- east (waits for north); south (60 ms, create) <- west.
const STEPS = [
  step('north', 80),
  step('south', 61),
  step('east', 20, { input: 'from ${steps.north.outputs.value}' }),
  step('west', 30, { input: '${steps.south.outputs.value}' }),
  step('solo', 40),
];

async function planWith(steps: RunbookStep[], concurrency?: number) {
  const spans: Span[] = [];
  const h = makeHarness([timedRead(spans)]);
  const engine = await resolveEngine(h.env);
  const opts = { ...h.env, runbook: makeRunbook(steps), inputs: {} };
  const outcome = await planAll(engine, opts, concurrency).then(
    (plan) => ({ plan, error: undefined }),
    (error: unknown) => ({ plan: undefined, error }),
  );
  engine.dispose();
  return { ...outcome, spans, events: h.events };
}

const summary = (events: RunEvent[]) => events.map((e) => `${e.type}:${'stepId' in e ? e.stepId : ''}`);

describe('planAll, concurrently', () => {
  it('finds the steps a step references, once each', () => {
    expect(
      referencedSteps(
        step('x', 1, { a: '${steps.p.outputs.v} ${steps.q.outputs.w}', b: ['${steps.p.outputs.z}'] }),
      ),
    ).toEqual(['p', 'q']);
    expect(referencedSteps(step('y', 1, { a: '${inputs.p} ${config.tenantId}' }))).toEqual([]);
  });

  it('overlaps independent steps and waits for referenced ones, with their known outputs', async () => {
    const { plan, spans } = await planWith(STEPS);
    const span = (id: string) => spans.find((s) => s.id === id)!;
    // The three independent steps start together; each dependent starts after its own dependency.
    expect(span('south').start).toBeLessThan(span('north').end);
    expect(span('solo').start).toBeLessThan(span('north').end);
    expect(span('east').start).toBeGreaterThanOrEqual(span('north').end);
    expect(span('west').start).toBeGreaterThanOrEqual(span('south').end);
    expect(span('west').start).toBeLessThan(span('north').end);
    expect(span('east').input).toBe('from north-value-47');
    expect(span('west').input).toBe('(known after apply: steps.south.outputs.value)');
    expect(plan?.steps.map((s) => s.id)).toEqual(['north', 'south', 'east', 'west', 'solo']);
  });

  it('gives the same plan, hash and events as planning one step after another', async () => {
    const together = await planWith(STEPS);
    const inTurn = await planWith(STEPS, 1);
    expect(together.plan).toEqual(inTurn.plan);
    expect(together.plan?.hash).toBe(inTurn.plan?.hash);
    expect(together.events).toEqual(inTurn.events);
    expect(summary(together.events).slice(0, 6)).toEqual([
      'step.started:north',
      'step.log:north',
      'step.planned:north',
      'step.started:south',
      'step.log:south',
      'step.planned:south',
    ]);
    // One after another really is one after another.
    const spans = inTurn.spans;
    for (let i = 1; i < spans.length; i += 1)
      expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });

  it('never plans more than `concurrency` steps at once', async () => {
    const { spans } = await planWith([step('a', 30), step('b', 30), step('c', 30), step('d', 30)], 2);
    // How many plans were running at the moment each one started.
    const running = spans.map((s) => spans.filter((o) => o.start <= s.start && s.start < o.end).length);
    expect(Math.max(...running)).toBe(2);
  });

  it('fails with the first failing step in runbook order and drops the events of later steps', async () => {
    const steps = [
      step('slow-ok', 60),
      step('broken', 20, { fail: true }),
      step('late-broken', 2, { fail: true }),
    ];
    const together = await planWith(steps);
    const inTurn = await planWith(steps, 1);
    expect((together.error as Error).message).toContain('broken could not read');
    expect((together.error as Error).message).not.toContain('late-broken');
    expect(together.events).toEqual(inTurn.events);
    expect(summary(together.events)).toEqual([
      'step.started:slow-ok',
      'step.log:slow-ok',
      'step.planned:slow-ok',
      'step.started:broken',
      'step.log:broken',
      'step.failed:broken',
    ]);
  });
});
