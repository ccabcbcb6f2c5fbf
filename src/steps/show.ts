// Renders an output value for a plan or check line: strings and numbers as they are, anything
// else as JSON (never "[object Object]").
import type { JsonValue } from './contract.ts';

export function show(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}
