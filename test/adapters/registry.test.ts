import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adapterFolders, adapterRegistry, sharedAdapterFolders } from '../../src/adapters/registry.ts';

const adaptersDir = fileURLToPath(new URL('../../src/adapters/', import.meta.url));

describe('adapter registry', () => {
  it('registers every adapter folder under src/adapters/', async () => {
    const entries = await readdir(adaptersDir, { withFileTypes: true });
    const folders = entries
      .filter((e) => e.isDirectory() && !sharedAdapterFolders.includes(e.name))
      .map((e) => e.name);
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders)
      expect(adapterFolders, `src/adapters/${folder} is not in src/adapters/registry.ts`).toContain(folder);
  });

  it('names each service after its own key', () => {
    for (const [key, entry] of Object.entries(adapterRegistry)) expect(entry.service).toBe(key);
  });
});
