// `--output json`: one JSON object per line, one per engine event (schema in README.md).
import type { EventSink, RunEvent } from '../engine/types.ts';

export function toJsonEvent(event: RunEvent): Record<string, unknown> {
  if (event.type === 'plan') return { type: 'plan', ...event.plan };
  if (event.type === 'run.finished') return { type: 'run.finished', ...event.summary };
  return { ...event };
}

export function createJsonRenderer(write: (value: unknown) => void): EventSink {
  return (event) => write({ time: new Date().toISOString(), ...toJsonEvent(event) });
}
