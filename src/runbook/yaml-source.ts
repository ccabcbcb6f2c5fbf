// Parse runbook text into one YAML document with source positions, and turn YAML-level
// failures (syntax, duplicate keys, tabs, several documents, not a map, alias abuse) into
// problems. Nothing here knows the runbook schema.
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Problem } from '../errors.ts';
import { aliasProblems } from './alias-guard.ts';
import { MAX_ALIAS_COUNT } from './limits.ts';
import { sourcePlaces, type SourcePlaces } from './source-places.ts';

export interface YamlSource {
  doc: Document;
  places: SourcePlaces;
  /** The document as plain data (aliases expanded). */
  data: Record<string, unknown>;
  warnings: Problem[];
}

export type YamlResult = { ok: true; source: YamlSource } | { ok: false; problems: Problem[] };

const HINTS: Record<string, string> = {
  TAB_AS_INDENT: '; indent with spaces, never tabs',
  DUPLICATE_KEY: '; each key may appear once in a map: remove or rename the repeated one',
  BAD_INDENT: '; check that items of one map or list start in the same column',
};

export function parseYamlSource(file: string, text: string): YamlResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  const emptyProblem: Problem = {
    ...at(0),
    message: 'runbook is empty; expected a map with apiVersion, kind, metadata, inputs, gates and steps',
  };
  if (!Array.isArray(docs) || docs.length === 0) return { ok: false, problems: [emptyProblem] };

  const problems: Problem[] = docs.flatMap((doc) =>
    doc.errors.map((error) => ({
      ...at(error.pos[0]),
      message: `YAML ${error.message.replace(/\.$/, '')}${HINTS[error.code] ?? ''}`,
    })),
  );
  const [doc, second] = docs;
  if (second) {
    problems.push({
      ...at(second.range[0]),
      message:
        'a runbook file holds exactly one YAML document; remove the "---" separator and split this into its own file',
    });
  }
  if (problems.length > 0 || !doc) return { ok: false, problems };

  const root = doc.contents;
  if (root === null) return { ok: false, problems: [emptyProblem] };
  if (!isMap(root)) {
    const found = isSeq(root) ? 'a list' : 'a single value';
    const message = `runbook must be a map (apiVersion: ..., kind: ..., steps: ...), found ${found}`;
    return { ok: false, problems: [{ ...at(root.range?.[0] ?? 0), message }] };
  }

  const places = sourcePlaces(file, doc, lineCounter, text);
  const aliasIssues = aliasProblems(doc, places);
  if (aliasIssues.length > 0) return { ok: false, problems: aliasIssues };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message =
      `YAML aliases expand too much (${(error as Error).message}); at most ${MAX_ALIAS_COUNT} alias ` +
      'expansions are allowed: write the repeated values out instead of using anchors (&) and aliases (*)';
    return { ok: false, problems: [{ ...at(root.range[0]), message }] };
  }
  const warnings = doc.warnings.map((warning) => ({
    ...at(warning.pos[0]),
    message: `YAML ${warning.message}`,
  }));
  return { ok: true, source: { doc, places, data: data as Record<string, unknown>, warnings } };
}
