// Human names for places in a runbook: `"with.timeout" of step "wait-for-ttl"`, `input "domains"`.
import { describe } from './inputs/input-values.ts';

export type IssuePath = readonly PropertyKey[];

export function dotted(path: IssuePath): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

export function stepName(data: unknown, index: number): string {
  const id = valueAt(data, ['steps', index, 'id']);
  return typeof id === 'string' && id !== '' ? `step "${id}"` : `step #${index + 1}`;
}

/** `"with.timeout" of step "x"`, `"type" of input "domains"`, `"metadata.phase"`, `the runbook`. */
export function where(path: IssuePath, data: unknown): string {
  const [root, second, ...rest] = path;
  if (root === 'steps' && typeof second === 'number') {
    const name = stepName(data, second);
    return rest.length > 0 ? `"${dotted(rest)}" of ${name}` : name;
  }
  if ((root === 'inputs' || root === 'gates') && second !== undefined) {
    const name = `${root === 'inputs' ? 'input' : 'gate'} "${String(second)}"`;
    return rest.length > 0 ? `"${dotted(rest)}" of ${name}` : name;
  }
  return path.length > 0 ? `"${dotted(path)}"` : 'the runbook';
}

/** Where a key sits: `at the top level of the runbook`, `in metadata`, `in step "x"`. */
export function container(path: IssuePath, data: unknown): string {
  if (path.length === 0) return 'at the top level of the runbook';
  if (path.length === 1 && path[0] === 'metadata') return 'in metadata';
  return `in ${where(path, data)}`;
}

export function valueAt(data: unknown, path: IssuePath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

export { describe as describeValue };
