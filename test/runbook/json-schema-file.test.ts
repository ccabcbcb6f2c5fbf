// schema/runbook.schema.json must be what the code generates today; `npm run schema` rewrites it.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { runbookJsonSchemaText } from '../../src/runbook/json-schema.ts';

it('schema/runbook.schema.json is current (run `npm run schema` when this fails)', async () => {
  const committed = await readFile(new URL('../../schema/runbook.schema.json', import.meta.url), 'utf8');
  expect(committed).toBe(runbookJsonSchemaText());
});
