// Turns zod issues into problems a runbook author can act on: what is wrong, where, and how to
// fix it (`unknown key "with_" in step "x"; did you mean "with"?`).
import type { z } from 'zod';
import type { Problem } from '../errors.ts';
import { container, describeValue, valueAt, where, type IssuePath } from './describe-path.ts';
import { didYouMean } from './suggest.ts';
import type { DocPath, SourcePlaces } from './source-places.ts';

export interface IssueContext {
  data: unknown;
  places: SourcePlaces;
  stepTypes: readonly string[];
  /** Keys the schema allows at a path, for suggestions. */
  allowedKeys(path: IssuePath): string[];
}

export const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
};

const docPath = (path: IssuePath): DocPath => path.filter((s): s is string | number => typeof s !== 'symbol');

export function issueProblems(issue: z.core.$ZodIssue, ctx: IssueContext): Problem[] {
  const path = issue.path;
  const at = (message: string): Problem[] => [{ ...ctx.places.placeOf(docPath(path)), message }];
  const value = valueAt(ctx.data, path);
  const subject = where(path, ctx.data);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = ctx.allowedKeys(path);
      return issue.keys.map((key) => ({
        ...ctx.places.keyPlaceOf(docPath([...path, key])),
        message:
          `unknown key "${key}" ${container(path, ctx.data)}` +
          (didYouMean(key, allowed) || (allowed.length > 0 ? `; allowed keys: ${allowed.join(', ')}` : '')),
      }));
    }
    case 'invalid_type': {
      if (value === undefined && path.length > 0) {
        const key = String(path.at(-1));
        return at(`missing required key "${key}" ${container(path.slice(0, -1), ctx.data)}`);
      }
      return at(
        `${subject} must be ${EXPECTED[issue.expected] ?? issue.expected}, found ${describeValue(value)}`,
      );
    }
    case 'invalid_union':
      if (isUnmatchedDiscriminator(issue)) return unknownStepType(path, value, ctx);
      return at(`${subject} is not valid: ${issue.message}`);
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v));
      const expected = options.length === 1 ? options[0] : `one of ${options.join(', ')}`;
      const hint = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : '';
      return at(`${subject} must be ${expected}, found ${describeValue(value)}${hint}`);
    }
    case 'too_small':
      return at(
        `${subject} ${sizeRule('at least', issue.origin, issue.minimum)}, found ${describeValue(value)}`,
      );
    case 'too_big':
      return at(
        `${subject} ${sizeRule('at most', issue.origin, issue.maximum)}, found ${describeValue(value)}`,
      );
    case 'invalid_format':
      return at(
        issue.message.startsWith('Invalid')
          ? `${subject} is not a valid ${issue.format}${issue.pattern ? ` (must match ${issue.pattern})` : ''}, found ${describeValue(value)}`
          : `${subject} ${issue.message}, found ${describeValue(value)}`,
      );
    case 'invalid_key':
      return at(
        `${subject} is not an allowed name: ${issue.issues.map((inner) => inner.message).join('; ')}`,
      );
    default:
      return at(`${subject}: ${issue.message}`);
  }
}

/** zod reports a step whose `type` matches no handler as a union issue with this note. */
export function isUnmatchedDiscriminator(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_union' && (issue as { note?: string }).note === 'No matching discriminator';
}

function sizeRule(bound: string, origin: string, limit: number | bigint): string {
  if (origin === 'array') return `must have ${bound} ${limit} item(s)`;
  if (origin === 'string')
    return Number(limit) === 1 && bound === 'at least'
      ? 'must not be empty'
      : `must be ${bound} ${limit} characters`;
  return `must be ${bound} ${limit}`;
}

function unknownStepType(path: IssuePath, value: unknown, ctx: IssueContext): Problem[] {
  const known = `known types: ${ctx.stepTypes.join(', ')}`;
  const stepPath = path.at(-1) === 'type' ? path.slice(0, -1) : path;
  if (value === undefined) {
    return [
      {
        ...ctx.places.placeOf(docPath(stepPath)),
        message: `missing required key "type" in ${where(stepPath, ctx.data)}; ${known}`,
      },
    ];
  }
  const typeName = typeof value === 'string' ? value : JSON.stringify(value);
  const hint = typeof value === 'string' ? didYouMean(value, ctx.stepTypes) : '';
  return [
    { ...ctx.places.placeOf(docPath(path)), message: `unknown step type "${typeName}"; ${known}${hint}` },
  ];
}
