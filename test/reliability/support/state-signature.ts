// A run's effect on the sandbox as sorted lines: one per created, changed or deleted record,
// with the length of every list it holds, so a duplicated object or a second secret on an app
// shows up as a different line, while generated ids and timestamps do not.
import type { DiffEntry, StateDiff } from '../../../src/sandbox/index.ts';

function listLengths(record: unknown): string {
  if (record === null || typeof record !== 'object') return '';
  return Object.entries(record as Record<string, unknown>)
    .filter(([, value]) => Array.isArray(value))
    .map(([key, value]) => `${key}[${(value as unknown[]).length}]`)
    .sort()
    .join(' ');
}

function line(kind: string, entry: DiffEntry): string {
  const record = kind === 'deleted' ? entry.before : entry.after;
  const fields = entry.changedFields ? ` {${entry.changedFields.join(',')}}` : '';
  return `${kind} ${entry.collection} "${entry.displayName}"${fields} ${listLengths(record)}`.trim();
}

export function stateSignature(diff: StateDiff): string[] {
  return [
    ...diff.created.map((e) => line('created', e)),
    ...diff.changed.map((e) => line('changed', e)),
    ...diff.deleted.map((e) => line('deleted', e)),
  ].sort();
}
