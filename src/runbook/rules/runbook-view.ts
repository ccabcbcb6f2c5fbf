// Builds the lenient view the rules work on from the raw document data.
import { stepName } from '../describe-path.ts';
import { INPUT_TYPES } from '../schema.ts';
import type { InputType } from '../types.ts';
import type { RunbookView, ViewInput, ViewStep } from './rule.ts';

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function runbookView(data: Record<string, unknown>): RunbookView {
  const inputs = new Map<string, ViewInput>();
  if (isMap(data.inputs)) {
    for (const [name, spec] of Object.entries(data.inputs)) {
      const type =
        isMap(spec) && (INPUT_TYPES as readonly unknown[]).includes(spec.type)
          ? (spec.type as InputType)
          : undefined;
      const hasDefault = isMap(spec) && Object.hasOwn(spec, 'default');
      inputs.set(name, { type, hasDefault, default: isMap(spec) ? spec.default : undefined });
    }
  }
  const gates = isMap(data.gates) ? Object.keys(data.gates) : [];
  const rawSteps: unknown[] = Array.isArray(data.steps) ? data.steps : [];
  const steps: ViewStep[] = rawSteps.flatMap((raw, index) => {
    if (!isMap(raw)) return [];
    return [
      {
        index,
        id: typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined,
        type: typeof raw.type === 'string' ? raw.type : undefined,
        gate: raw.gate,
        raw,
        name: stepName(data, index),
      },
    ];
  });
  return { inputs, gates, steps };
}
