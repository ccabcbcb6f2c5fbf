// The published JSON Schema (schema/runbook.schema.json), for the real step registry.
// scripts/generate-runbook-schema.ts writes it; test/runbook/json-schema.test.ts checks it is current.
import { stepHandlers } from '../steps/registry.ts';
import { buildRunbookJsonSchema } from './json-schema-builder.ts';

export function runbookJsonSchema(): object {
  return buildRunbookJsonSchema(stepHandlers);
}

/** The file's exact text: two-space JSON and a final newline, so diffs stay small and stable. */
export function runbookJsonSchemaText(): string {
  return `${JSON.stringify(runbookJsonSchema(), null, 2)}\n`;
}
