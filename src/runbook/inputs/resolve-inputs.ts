// Input values for one run: `--set name=value` beats the config file's `inputs:`, which beats
// the runbook's default. Every missing or malformed value is reported at once, each naming the
// input and where its value came from, so one correction round is enough.
import { InputError, type Problem } from '../../errors.ts';
import type { InputSpec, Runbook } from '../types.ts';
import { checkInputValue } from './input-values.ts';

export interface InputSources {
  /** Values from the config file's `inputs:` block (already typed by YAML). */
  config: Record<string, unknown>;
  /** Values from `--set name=value`, as text; lists are comma separated. */
  set: Record<string, string>;
}

export type ResolvedInputs = Record<string, unknown>;

const COMMAND_LINE = '(command line)';

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
  const resolved: ResolvedInputs = {};
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
    const source = pickSource(name, spec, sources, configFile);
    if (!source) {
      if (spec.required) problems.push(missing(name, spec, configFile));
      continue;
    }
    const checked = checkInputValue(spec.type, source.value);
    if (checked.ok && isEmptyList(checked.value) && spec.required) {
      problems.push({
        file: source.file,
        message: `input "${name}" (${spec.type}) from ${source.label} is an empty list`,
      });
    } else if (checked.ok) {
      resolved[name] = checked.value;
    } else {
      problems.push({
        file: source.file,
        message: `input "${name}" (${spec.type}) from ${source.label}: ${checked.reason}`,
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

interface Source {
  value: unknown;
  label: string;
  file: string;
}

function pickSource(
  name: string,
  spec: InputSpec,
  sources: InputSources,
  configFile: string,
): Source | undefined {
  const fromSet = sources.set[name];
  if (fromSet !== undefined) return { value: fromSet, label: `--set ${name}=${fromSet}`, file: COMMAND_LINE };
  const fromConfig = sources.config[name];
  if (fromConfig !== undefined && fromConfig !== null) {
    return { value: fromConfig, label: `inputs.${name} in ${configFile}`, file: configFile };
  }
  if (spec.default !== undefined)
    return { value: spec.default, label: 'the runbook default', file: 'runbook' };
  return undefined;
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
