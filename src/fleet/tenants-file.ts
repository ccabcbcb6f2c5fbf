// Reads tenants.yaml: YAML with positions, the strict schema, then fleet rules (unique names and
// tenant ids, no secret values). Every problem at once with file:line:col, before anything runs.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { InputError, type Problem, type SourcePlace } from '../errors.ts';
import type { DocPath, SourcePlaces } from '../runbook/source-places.ts';
import { parseYamlSource } from '../runbook/yaml-source.ts';
import { TenantsFile, type TenantEntry } from './tenants-schema.ts';

const MAX_BYTES = 4 * 1024 * 1024;
const SECRET_LIKE_KEY = /secret|password|token|certificate$/i;

export interface LoadedTenants {
  file: string;
  tenants: TenantEntry[];
  /** Where a value of the file sits, for problems found later (config files, environment). */
  placeOf(path: DocPath): SourcePlace;
}

export async function readTenantsFile(file: string): Promise<LoadedTenants> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new InputError(`tenants file ${file} cannot be read`, [
      { file, message: 'file not found or not readable; check the --tenants path' },
    ]);
  }
  if (bytes.length > MAX_BYTES) {
    throw new InputError(`tenants file is ${bytes.length} bytes; the limit is ${MAX_BYTES}`, [
      { file, message: 'tenants file too large: split the fleet into several files' },
    ]);
  }
  return parseTenantsText(file, bytes.toString('utf8'));
}

export function parseTenantsText(file: string, text: string): LoadedTenants {
  const invalid = (problems: Problem[]): InputError =>
    new InputError('tenants file is invalid', problems, {
      hint: 'see README "Fleets" for the tenants file format',
    });
  if (text.trim() === '')
    throw invalid([{ file, line: 1, col: 1, message: 'empty; expected `tenants:` with a list' }]);
  const yaml = parseYamlSource(file, text);
  if (!yaml.ok)
    throw invalid(
      yaml.problems.map((p) => ({ ...p, message: p.message.replace(/runbook/g, 'tenants file') })),
    );
  const { places, data } = yaml.source;
  const parsed = TenantsFile.safeParse(data);
  if (!parsed.success) throw invalid(parsed.error.issues.flatMap((issue) => problemsOf(issue, [], places)));
  const problems = fleetRuleProblems(parsed.data, places);
  if (problems.length > 0) throw invalid(problems);
  return { file, tenants: parsed.data.tenants, placeOf: (at) => places.placeOf(at) };
}

function problemsOf(issue: z.core.$ZodIssue, prefix: DocPath, places: SourcePlaces): Problem[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === 'invalid_union') {
    // `config:` is a path or a map: report the branch that accepts the kind of value written.
    const branch = issue.errors.find(
      (errors) => !errors.some((e) => e.code === 'invalid_type' && e.path.length === 0),
    );
    if (branch) return branch.flatMap((inner) => problemsOf(inner, path, places));
    return [
      {
        ...places.placeOf(path),
        message: `${path.join('.')}: must be a path to a config file or a map of overrides`,
      },
    ];
  }
  const where = path.length > 0 ? path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      ...places.keyPlaceOf([...path, key]),
      message: SECRET_LIKE_KEY.test(key)
        ? `${where}: "${key}" is not allowed: secrets never go in the tenants file; name an environment variable instead (e.g. clientSecretEnv: CONTOSO_CLIENT_SECRET)`
        : `${where}: unknown key "${key}"`,
    }));
  }
  return [{ ...places.placeOf(path), message: `${where}: ${issue.message}` }];
}

function fleetRuleProblems(file: TenantsFile, places: SourcePlaces): Problem[] {
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  const ids = new Map<string, number>();
  file.tenants.forEach((tenant, index) => {
    const name = tenant.name.toLowerCase();
    const id = tenant.tenantId.toLowerCase();
    const sameName = names.get(name);
    if (sameName !== undefined) {
      problems.push({
        ...places.placeOf(['tenants', index, 'name']),
        message: `tenants.${index}.name: "${tenant.name}" is already used by tenants.${sameName}; names must be unique`,
      });
    } else names.set(name, index);
    const sameId = ids.get(id);
    if (sameId !== undefined) {
      problems.push({
        ...places.placeOf(['tenants', index, 'tenantId']),
        message: `tenants.${index}.tenantId: ${tenant.tenantId} is already listed as tenants.${sameId}; list each tenant once`,
      });
    } else ids.set(id, index);
  });
  return problems;
}
