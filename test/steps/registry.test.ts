// The step registry is complete: every step folder under src/services/*/steps/ is registered, each once, and
// every handler keeps the contract the engine and the runbook rules rely on.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getStepHandler, stepHandlers } from '../../src/steps/registry.ts';

const servicesDir = fileURLToPath(new URL('../../src/services/', import.meta.url));

/** Folder names are the step type with the first dot turned into a dash: entra.app-registration -> entra-app-registration. */
const folderOf = (type: string): string => type.replace('.', '-');

describe('step registry', () => {
  it('registers every step folder under src/services/*/steps/', async () => {
    const folders: string[] = [];
    for (const service of await readdir(servicesDir, { withFileTypes: true })) {
      if (!service.isDirectory()) continue;
      const stepsDir = `${servicesDir}${service.name}/steps/`;
      const entries = await readdir(stepsDir, { withFileTypes: true }).catch(() => []);
      folders.push(...entries.filter((e) => e.isDirectory()).map((e) => e.name));
    }
    expect(folders.length).toBeGreaterThan(20);
    const registered = stepHandlers.map((h) => folderOf(h.type));
    for (const folder of folders) {
      expect(registered, `step folder ${folder} is not in src/steps/registry.ts`).toContain(folder);
    }
    expect(new Set(stepHandlers.map((h) => h.type)).size).toBe(stepHandlers.length);
  });

  it.each(stepHandlers.map((h) => [h.type, h] as const))('%s keeps the step contract', (type, handler) => {
    expect(getStepHandler(type)).toBe(handler);
    expect(handler.description.length).toBeGreaterThan(10);
    if (handler.mutating) {
      // A mutating step can be undone, or says why it cannot.
      expect(handler.undo !== undefined || (handler.irreversible ?? '').length > 0).toBe(true);
    }
    expect(typeof handler.plan).toBe('function');
    expect(typeof handler.apply).toBe('function');
    expect(typeof handler.verify).toBe('function');
  });
});
