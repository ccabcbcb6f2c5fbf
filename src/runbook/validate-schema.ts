// Schema validation of the parsed document: templates in `with:` are first swapped for
// placeholders of their future type, then the strict schema runs, and every issue becomes a
// problem at its exact place. Issues that only exist because a value is a template are dropped,
// unless the template's type is known and plainly wrong (a list input where a number belongs).
import type { z } from 'zod';
import type { Problem } from '../errors.ts';
import type { AnyStepHandler } from '../steps/contract.ts';
import { EXPECTED, isUnmatchedDiscriminator, issueProblems, type IssueContext } from './issue-messages.ts';
import { pathKey, withPlaceholders, type TemplatedPlaces } from './placeholders.ts';
import { allowedKeysAt } from './schema-keys.ts';
import {
  anyStepSchema,
  buildRunbookSchema,
  INPUT_TYPES,
  structuralRunbookSchema,
  type RunbookSchema,
} from './schema.ts';
import type { SourcePlaces } from './source-places.ts';
import type { InputType, Runbook } from './types.ts';
import { where } from './describe-path.ts';

export interface SchemaResult {
  runbook: Runbook | undefined;
  problems: Problem[];
}

const schemas = new WeakMap<readonly AnyStepHandler[], RunbookSchema>();

function schemaFor(handlers: readonly AnyStepHandler[]): RunbookSchema {
  let schema = schemas.get(handlers);
  if (!schema) {
    schema = buildRunbookSchema(handlers);
    schemas.set(handlers, schema);
  }
  return schema;
}

export function validateSchema(
  data: Record<string, unknown>,
  places: SourcePlaces,
  handlers: readonly AnyStepHandler[],
): SchemaResult {
  const schema = schemaFor(handlers);
  const templated: TemplatedPlaces = new Map();
  const checked = placeholderCopy(data, templated);
  const result = schema.safeParse(checked);
  if (result.success) return structure(data, places, handlers);

  const ctx: IssueContext = {
    data,
    places,
    stepTypes: handlers.map((handler) => handler.type),
    allowedKeys: (path) => allowedKeysAt(schema, path, checked),
  };
  const issues = result.error.issues.flatMap((issue) => [issue, ...commonStepIssues(issue, checked)]);
  const problems = issues.flatMap((issue) => {
    const adjusted = templatedIssue(issue, templated, data);
    return adjusted === 'drop'
      ? []
      : adjusted
        ? [{ ...places.placeOf(adjusted.path), message: adjusted.message }]
        : issueProblems(issue, ctx);
  });
  // Issues that only came from templates are gone: the document's structure is still sound.
  return problems.length > 0 ? { runbook: undefined, problems } : structure(data, places, handlers);
}

/** The runbook itself: metadata, inputs and gates with defaults applied, `with:` exactly as written. */
function structure(
  data: Record<string, unknown>,
  places: SourcePlaces,
  handlers: readonly AnyStepHandler[],
): SchemaResult {
  const result = structuralRunbookSchema.safeParse(data);
  if (result.success) return { runbook: withRawParams(result.data, data), problems: [] };
  const ctx: IssueContext = {
    data,
    places,
    stepTypes: handlers.map((handler) => handler.type),
    allowedKeys: (path) => allowedKeysAt(structuralRunbookSchema, path, data),
  };
  return { runbook: undefined, problems: result.error.issues.flatMap((issue) => issueProblems(issue, ctx)) };
}

/** The document with `with:` templates replaced by placeholders (the original is untouched). */
function placeholderCopy(data: Record<string, unknown>, templated: TemplatedPlaces): Record<string, unknown> {
  const inputTypes = declaredInputTypes(data.inputs);
  if (!Array.isArray(data.steps)) return data;
  const steps = data.steps.map((step: unknown, index) => {
    if (step === null || typeof step !== 'object' || Array.isArray(step)) return step;
    const params = (step as Record<string, unknown>).with ?? {};
    return { ...step, with: withPlaceholders(params, inputTypes, ['steps', index, 'with'], templated) };
  });
  return { ...data, steps };
}

function declaredInputTypes(inputs: unknown): Map<string, InputType> {
  const types = new Map<string, InputType>();
  if (inputs === null || typeof inputs !== 'object') return types;
  for (const [name, spec] of Object.entries(inputs)) {
    const type = (spec as { type?: unknown } | null)?.type;
    if ((INPUT_TYPES as readonly unknown[]).includes(type)) types.set(name, type as InputType);
  }
  return types;
}

/** A step of unknown type fails the union as a whole; check its common fields on their own. */
function commonStepIssues(issue: z.core.$ZodIssue, checked: Record<string, unknown>): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || !isUnmatchedDiscriminator(issue)) return [];
  const [root, index] = issue.path;
  if (root !== 'steps' || typeof index !== 'number' || !Array.isArray(checked.steps)) return [];
  const result = anyStepSchema.safeParse(checked.steps[index]);
  if (result.success) return [];
  return result.error.issues
    .filter((inner) => inner.path[0] !== 'type')
    .map((inner) => ({ ...inner, path: ['steps', index, ...inner.path] }));
}

type Adjusted = { path: (string | number)[]; message: string } | 'drop' | undefined;

function templatedIssue(issue: z.core.$ZodIssue, templated: TemplatedPlaces, data: unknown): Adjusted {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  for (let length = path.length; length >= 3; length--) {
    const place = templated.get(pathKey(path.slice(0, length)));
    if (!place) continue;
    if (issue.code === 'invalid_type' && length === path.length && place.knownType) {
      return {
        path,
        message: `${where(path, data)} must be ${EXPECTED[issue.expected] ?? issue.expected}, but "${place.template}" is ${place.knownType}`,
      };
    }
    return 'drop';
  }
  return undefined;
}

function withRawParams(
  parsed: z.output<typeof structuralRunbookSchema>,
  data: Record<string, unknown>,
): Runbook {
  const rawSteps = data.steps as Record<string, unknown>[];
  const steps = parsed.steps.map((step, index) => {
    const raw = rawSteps[index]?.with;
    return {
      id: step.id,
      type: step.type,
      title: step.title,
      ...(step.gate === undefined ? {} : { gate: step.gate }),
      with: (raw ?? {}) as Record<string, unknown>,
    };
  });
  return { ...(parsed as Omit<Runbook, 'steps'>), steps };
}
