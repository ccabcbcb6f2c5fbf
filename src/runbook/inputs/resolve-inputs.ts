// Input values for one run: `--set name=value` beats the config file's `inputs:`, which beats
// the runbook's default. Every missing or malformed value is reported at once, each naming the
// input and where its value came from (the config file's line and column when known), so one
// correction round is enough.
import { InputError, type Problem } from '../../errors.ts';
import type { InputSpec, Runbook } from '../types.ts';
import { checkInputValue } from './input-values.ts';

/** Line and column of a value inside the config file, by its path (`['inputs', 'domains', 1]`). */
export type ValuePlaces = (keyPath: readonly (string | number)[]) => { line?: number; col?: number };

export interface InputSources {
  /** Values from the config file's `inputs:` block (already typed by YAML). */
  config: Record<string, unknown>;
  /** Values from `--set name=value`, as text; lists are comma separated. */
  set: Record<string, string>;
  /** Where the config file's values are, so problems point at the config file, not the runbook. */
  configPlaces?: ValuePlaces;
  /** Values used when neither the config file nor --set gives one (the sandbox's demo values). */
  fallback?: { values: Record<string, unknown>; label: string };
}

export type ResolvedInputs = Record<string, unknown>;

const COMMAND_LINE = '(command line)';

/** Where an input's value came from: the place to point at, and words for a message. */
export interface InputOrigin {
  file: string;
  line?: number;
  col?: number;
  label: string;
  /** The value came from the user (config file or --set), not from the runbook itself. */
  fromUser: boolean;
}

/**
 * Typed input values for a run. Optional inputs with no value and no default are left out.
 * @param file the config file the `config` values came from, for problem messages.
 */
export function resolveInputs(
  runbook: Pick<Runbook, 'inputs'>,
  sources: InputSources,
  file?: string,
): ResolvedInputs {
  const configFile = file ?? 'config file';
  const problems: Problem[] = [];
  // Null prototype: input names are data; `__proto__` or `constructor` are never special here.
  const resolved = Object.create(null) as ResolvedInputs;
  const declared = Object.keys(runbook.inputs);

  for (const name of Object.keys(sources.set)) {
    if (!Object.hasOwn(runbook.inputs, name)) {
      problems.push({
        file: COMMAND_LINE,
        message: `--set ${name}: this runbook declares no input "${name}"; declared inputs: ${declared.join(', ') || '(none)'}`,
      });
    }
  }

  for (const [name, spec] of Object.entries(runbook.inputs)) {
    const value = valueOf(name, spec, sources);
    if (value === undefined) {
      if (spec.required) problems.push(missing(name, spec, configFile));
      continue;
    }
    const checked = checkInputValue(spec.type, value);
    if (checked.ok && isEmptyList(checked.value) && spec.required) {
      const origin = inputOrigin(name, [], sources, configFile);
      problems.push({
        ...placeOf(origin),
        message: `input "${name}" (${spec.type}) from ${origin.label} is an empty list`,
      });
    } else if (checked.ok) {
      resolved[name] = checked.value;
    } else {
      const origin = inputOrigin(
        name,
        checked.index === undefined ? [] : [checked.index],
        sources,
        configFile,
      );
      problems.push({
        ...placeOf(origin),
        message: `input "${name}" (${spec.type}) from ${origin.label}: ${checked.reason}`,
      });
    }
  }

  if (problems.length > 0) {
    throw new InputError(`${problems.length} problem(s) with runbook inputs`, problems, {
      hint: 'fix the values named above in the config file or on the command line (--set name=value)',
    });
  }
  return resolved;
}

function valueOf(name: string, spec: InputSpec, sources: InputSources): unknown {
  const fromSet = own(sources.set, name);
  if (fromSet !== undefined) return fromSet;
  const fromConfig = own(sources.config, name);
  if (fromConfig !== undefined && fromConfig !== null) return fromConfig;
  const fallback = sources.fallback ? own(sources.fallback.values, name) : undefined;
  if (fallback !== undefined) return fallback;
  return spec.default;
}

/**
 * Where the value of input `name` (at `path` inside it, e.g. a list item) came from. Undefined
 * when the runbook's default supplied it: that is the runbook's own place.
 */
export function inputOrigin(
  name: string,
  path: readonly (string | number)[],
  sources: InputSources,
  configFile: string,
): InputOrigin {
  const fromSet = own(sources.set, name);
  if (fromSet !== undefined) {
    return { file: COMMAND_LINE, label: `--set ${name}=${fromSet}`, fromUser: true };
  }
  const fromConfig = own(sources.config, name);
  if (fromConfig !== undefined && fromConfig !== null) {
    const keyPath = ['inputs', name, ...path];
    return {
      file: configFile,
      ...sources.configPlaces?.(keyPath),
      label: `inputs.${name} in ${configFile}`,
      fromUser: true,
    };
  }
  if (sources.fallback && own(sources.fallback.values, name) !== undefined) {
    return { file: sources.fallback.label, label: sources.fallback.label, fromUser: false };
  }
  return { file: 'runbook', label: 'the runbook default', fromUser: false };
}

function placeOf(origin: InputOrigin): Omit<Problem, 'message'> {
  return {
    file: origin.file,
    ...(origin.line === undefined ? {} : { line: origin.line }),
    ...(origin.col === undefined ? {} : { col: origin.col }),
  };
}

function own<T>(record: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

function missing(name: string, spec: InputSpec, configFile: string): Problem {
  const about = spec.description ? ` (${spec.description})` : '';
  return {
    file: configFile,
    message: `required input "${name}" (${spec.type})${about} has no value; set inputs.${name} in ${configFile} or pass --set ${name}=...`,
  };
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}
