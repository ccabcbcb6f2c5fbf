import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adapterFolders, adapterRegistry, sharedAdapterFolders } from '../../src/services/registry.ts';

const servicesDir = fileURLToPath(new URL('../../src/services/', import.meta.url));

describe('adapter registry', () => {
  it('registers every service folder with a client under src/services/', async () => {
    const entries = await readdir(servicesDir, { withFileTypes: true });
    const folders: string[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || sharedAdapterFolders.includes(e.name)) continue;
      const client = await readdir(`${servicesDir}${e.name}/client`).catch(() => undefined);
      if (client) folders.push(e.name);
    }
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders)
      expect(adapterFolders, `src/services/${folder}/client is not in src/services/registry.ts`).toContain(
        folder,
      );
  });

  it('names each service after its own key', () => {
    for (const [key, entry] of Object.entries(adapterRegistry)) expect(entry.service).toBe(key);
  });
});
