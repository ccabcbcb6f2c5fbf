// Key Vault end to end: the app registration step of Proofpoint phase 2 stores its client secret
// in the sandbox's vault (`--secret-store keyvault`), the outputs name it `keyvault:<name>`, the
// value appears in no output or journal, and rollback leaves the vault as it was.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmptyDiff } from '../../src/sandbox/index.ts';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { filesUnder, findSecrets } from '../e2e/secret-scan.ts';
import { snapshotOf, withSandboxState } from '../e2e/sandbox-state.ts';

describe('secret store on Key Vault (sandbox)', () => {
  it('stores the app secret in the vault and rollback removes it', async () => {
    const cwd = tempDir('sop-kv-');
    const stateDir = path.join(cwd, 'state');
    const flags = ['--sandbox', '--state-dir', stateDir, '--secret-store', 'keyvault'];
    await runCli(['proofpoint', '--phase', '2', ...flags, '--dry-run'], { cwd });
    const initial = await snapshotOf(stateDir);

    const applied = await runCli(['proofpoint', '--phase', '2', ...flags, '--output', 'json'], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('"secretRef":"keyvault:proofpoint-directory-sync"');
    const runId = /"runId":"([^"]+)"/.exec(applied.stdout)?.[1] ?? '';

    const vault = await snapshotOf(stateDir).then((s) => s.keyvault);
    const names = Object.values(vault?.secrets ?? {}).map((s) => s.name);
    expect(names).toContain('proofpoint-directory-sync');
    const values = Object.values(vault?.values ?? {});
    expect(values.length).toBeGreaterThan(0);
    // Nothing went to the file store.
    expect(filesUnder(stateDir).some((f) => f.includes(`${path.sep}secrets${path.sep}`))).toBe(false);

    const rolledBack = await runCli(['rollback', runId, ...flags], { cwd });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    await withSandboxState(stateDir, (sb) => {
      const after = sb.snapshot();
      const left = Object.values(after.keyvault?.secrets ?? {}).map((s) => s.name);
      expect(left).not.toContain('proofpoint-directory-sync');
      expect(after.keyvault?.deletedSecrets).toEqual({}); // purged, not just soft-deleted
      expect(isEmptyDiff(sb.diff(initial, after))).toBe(true);
    });

    const journal = filesUnder(path.join(stateDir, 'runs')).map((f) => readFileSync(f, 'utf8'));
    const texts = {
      'apply stdout': applied.stdout,
      'apply stderr': applied.stderr,
      'rollback stdout': rolledBack.stdout,
      'rollback stderr': rolledBack.stderr,
      ...Object.fromEntries(journal.map((text, i) => [`journal ${i}`, text])),
    };
    expect(findSecrets(values, texts)).toEqual([]);
  }, 90_000);
});
