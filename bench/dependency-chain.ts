// The longest chain of requests that had to run one after another, from the sandbox request log.
// Requests are grouped by the step whose plan window (step.started .. step.planned) holds them;
// within a step, a request depends on one that ended before it started. Steps of a dry run do not
// wait on each other's reads (a `${steps.x.outputs}` value is unknown until apply), so the chain
// of the run is the longest chain of any one step.
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
