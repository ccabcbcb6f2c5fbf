// Input values meet the steps' own parameter rules before anything is called: a sender range of
// 0.0.0.0/0 or an MX host with a space passes its input type but not the step that uses it.
// The engine would find it while planning, after the first reads, and point at the runbook line
// that says `${inputs.x}`. Here each such problem points at where the value was written: the
// config file's line and column, or `--set name=...`.
import { InputError, type Problem } from '../../errors.ts';
import { isUnknown, type AnyStepHandler } from '../../steps/contract.ts';
import { parseReference, resolveTemplates } from '../template.ts';
import type { Runbook } from '../types.ts';
import { inputOrigin, type InputSources } from './resolve-inputs.ts';

const WHOLE_TEMPLATE = /^\$\{([^}]*)\}$/;

type Path = readonly (string | number)[];

export function checkStepParams(
  runbook: Pick<Runbook, 'steps'>,
  inputs: Record<string, unknown>,
  sources: InputSources,
  configFile: string,
  handlers: readonly AnyStepHandler[],
): void {
  const byType = new Map(handlers.map((handler) => [handler.type, handler]));
  const problems = new Map<string, Problem>();
  for (const step of runbook.steps) {
    const handler = byType.get(step.type);
    if (!handler) continue;
    // Only the inputs are known now: config values and earlier steps' outputs stay unknown,
    // and problems with them are left to the engine.
    const resolved = resolveTemplates(step.with, { inputs, config: {}, steps: {} });
    const parsed = handler.params.safeParse(resolved);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      if (containsUnknown(valueAt(resolved, path))) continue;
      const traced = inputAt(step.with, path);
      if (!traced) continue;
      const origin = inputOrigin(traced.name, traced.rest, sources, configFile);
      if (!origin.fromUser) continue;
      const where = [origin.label, ...traced.rest.map(itemWords)].join(', ');
      const problem: Problem = {
        file: origin.file,
        ...(origin.line === undefined ? {} : { line: origin.line }),
        ...(origin.col === undefined ? {} : { col: origin.col }),
        message: `${where}: ${issue.message} (step ${step.id} uses it as ${path.join('.')})`,
      };
      const key = `${problem.file}:${problem.line}:${problem.col}:${where}:${issue.message}`;
      if (!problems.has(key)) problems.set(key, problem);
    }
  }
  if (problems.size > 0) {
    throw new InputError(`${problems.size} problem(s) with runbook inputs`, [...problems.values()], {
      hint: 'fix the values named above in the config file or on the command line (--set name=value)',
    });
  }
}

function itemWords(segment: string | number): string {
  return typeof segment === 'number' ? `item ${segment + 1}` : segment;
}

/** The input whose whole value sits at (or above) `path` in the raw `with:` block. */
function inputAt(raw: unknown, path: Path): { name: string; rest: Path } | undefined {
  let value = raw;
  for (let depth = 0; depth <= path.length; depth++) {
    if (typeof value === 'string') {
      const whole = WHOLE_TEMPLATE.exec(value);
      const ref = whole ? parseReference(whole[1] ?? '') : undefined;
      return ref?.kind === 'inputs' ? { name: ref.name, rest: path.slice(depth) } : undefined;
    }
    if (depth === path.length || value === null || typeof value !== 'object') return undefined;
    const segment = path[depth] as string | number;
    value = Object.hasOwn(value, segment) ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return undefined;
}

function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}
