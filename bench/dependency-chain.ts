// The longest chain of requests that had to run one after another, from the sandbox request log
// of a calibration run that plans one step at a time. Requests are grouped by the step whose plan
// window (step.started .. step.planned) holds them; within a step, a request depends on one that
// ended before it started (the step's own chain). Across steps, a step depends on the steps its
// `with:` references (it is planned with their outputs), so the run's chain is the longest path
// through that graph: a step's own chain plus the longest chain among the steps it references.
import { referencedSteps } from '../src/engine/plan-concurrently.ts';
import type { LoadedRunbook } from '../src/runbook/types.ts';
import type { RequestLogEntry } from '../src/sandbox/index.ts';
import type { TimedEvent } from './in-process.ts';

export interface StepChain {
  stepId: string;
  requests: number;
  chain: number;
}

/** Longest sequence of requests each starting after the previous one ended. */
export function longestSequence(requests: readonly RequestLogEntry[]): number {
  const spans = requests
    .map((r) => ({ start: Date.parse(r.at), end: Date.parse(r.at) + r.durationMs }))
    .sort((a, b) => a.start - b.start);
  const best: number[] = [];
  for (const [i, span] of spans.entries()) {
    let longest = 0;
    for (let j = 0; j < i; j += 1)
      if ((spans[j]?.end ?? Infinity) <= span.start) longest = Math.max(longest, best[j] ?? 0);
    best.push(longest + 1);
  }
  return Math.max(0, ...best);
}

export function chainsByStep(
  requests: readonly RequestLogEntry[],
  events: readonly TimedEvent[],
): StepChain[] {
  const windows = new Map<string, { start: number; end: number }>();
  for (const { atMs, event } of events) {
    if (event.type === 'step.started' && event.phase === 'plan')
      windows.set(event.stepId, { start: atMs, end: Infinity });
    if (event.type === 'step.planned') {
      const w = windows.get(event.stepId);
      if (w) w.end = atMs;
    }
  }
  const top = requests.filter((r) => r.batchItemOf === undefined);
  return [...windows.entries()].map(([stepId, w]) => {
    const mine = top.filter((r) => Date.parse(r.at) >= w.start - 1 && Date.parse(r.at) <= w.end);
    return { stepId, requests: mine.length, chain: longestSequence(mine) };
  });
}

/** The longest chain of dependent requests through the run, and the steps along it. */
export function runChain(
  runbook: LoadedRunbook,
  own: readonly StepChain[],
): { chain: number; path: string[] } {
  const through = new Map<string, { chain: number; path: string[] }>();
  for (const step of runbook.runbook.steps) {
    const mine = own.find((s) => s.stepId === step.id)?.chain ?? 0;
    const longest = referencedSteps(step)
      .map((id) => through.get(id))
      .reduce<{ chain: number; path: string[] }>(
        (best, dep) => (dep && dep.chain > best.chain ? dep : best),
        { chain: 0, path: [] },
      );
    through.set(step.id, { chain: longest.chain + mine, path: [...longest.path, step.id] });
  }
  return [...through.values()].reduce((best, s) => (s.chain > best.chain ? s : best), {
    chain: 0,
    path: [] as string[],
  });
}
