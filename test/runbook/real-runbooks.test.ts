// Every runbook shipped under runbooks/ loads with the real step registry (loadRunbook's default).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RunbookError } from '../../src/errors.ts';
import { loadRunbook } from '../../src/runbook/load.ts';

const root = fileURLToPath(new URL('../../runbooks/', import.meta.url));
const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.yaml')).sort();

describe('shipped runbooks', () => {
  it.skipIf(files.length === 0)('exist (none found under runbooks/ yet)', () =>
    expect(files.length).toBeGreaterThan(0),
  );

  it.each(files)('%s loads without problems', async (file) => {
    try {
      const loaded = await loadRunbook(join(root, file));
      expect(loaded.runbook.steps.length).toBeGreaterThan(0);
    } catch (error) {
      if (error instanceof RunbookError) {
        expect.fail(error.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`).join('\n'));
      }
      throw error;
    }
  });
});
