// Bytes -> validated runbook, collecting every problem before failing: size, encoding, YAML,
// schema, then the semantic rules. The step handlers are a parameter so tests (and tools that
// check runbooks against another registry) need not load the real one.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { InputError, RunbookError, type Problem } from '../errors.ts';
import type { AnyStepHandler } from '../steps/contract.ts';
import { decodeUtf8 } from './decode-utf8.ts';
import { MAX_RUNBOOK_BYTES } from './limits.ts';
import { runbookRules, runbookView, type RuleContext } from './rules/index.ts';
import type { LoadedRunbook } from './types.ts';
import { validateSchema } from './validate-schema.ts';
import { parseYamlSource } from './yaml-source.ts';

export async function loadRunbookFile(
  file: string,
  handlers: readonly AnyStepHandler[],
): Promise<LoadedRunbook> {
  let bytes: Uint8Array;
  try {
    // Check the size first so a huge file is refused without reading it into memory.
    const { size } = await stat(file);
    if (size > MAX_RUNBOOK_BYTES) throw fail([tooBig(file, size)]);
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof RunbookError) throw error;
    throw new InputError(`cannot read runbook ${file}`, [{ file, message: (error as Error).message }], {
      hint: 'check the path and that the file is readable',
      cause: error,
    });
  }
  return parseRunbookBytes(file, bytes, handlers);
}

export function parseRunbookBytes(
  file: string,
  bytes: Uint8Array,
  handlers: readonly AnyStepHandler[],
): LoadedRunbook {
  if (bytes.length > MAX_RUNBOOK_BYTES) throw fail([tooBig(file, bytes.length)]);
  const decoded = decodeUtf8(file, bytes);
  if (!decoded.ok) throw fail([decoded.problem]);
  const yaml = parseYamlSource(file, decoded.text);
  if (!yaml.ok) throw fail(yaml.problems);
  const { data, places } = yaml.source;

  const schema = validateSchema(data, places, handlers);
  const ctx: RuleContext = {
    file,
    places,
    handlers: new Map(handlers.map((handler) => [handler.type, handler])),
  };
  const view = runbookView(data);
  const problems = [...schema.problems];
  const warnings = [...yaml.source.warnings];
  for (const rule of runbookRules) {
    (rule.severity === 'error' ? problems : warnings).push(...rule.check(view, ctx));
  }
  if (problems.length > 0 || !schema.runbook) throw fail(problems);

  return {
    file,
    hash: createHash('sha256').update(bytes).digest('hex'),
    runbook: schema.runbook,
    placeOf: (path) => places.placeOf(path),
    warnings: sortProblems(warnings),
  };
}

export function parseRunbookText(
  file: string,
  text: string,
  handlers: readonly AnyStepHandler[],
): LoadedRunbook {
  return parseRunbookBytes(file, new TextEncoder().encode(text), handlers);
}

function tooBig(file: string, size: number): Problem {
  const message = `runbook is ${size} bytes, over the limit of ${MAX_RUNBOOK_BYTES} bytes (1 MB); split it into smaller runbooks`;
  return { file, line: 1, col: 1, message };
}

function fail(problems: Problem[]): RunbookError {
  return new RunbookError(sortProblems(problems), {
    hint: 'fix each problem at the place shown, then run again',
  });
}

function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const key = `${problem.line}:${problem.col}:${problem.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
