// The shared journal end to end through the CLI: a run started in one working directory is killed
// mid-run, resumed from a second and rolled back from a third, all through Azurite. The sandbox's
// state lives in the state dir, so every process gets the same `--state-dir` for the sandbox
// (documented in README "Shared journal"); journals and locks live only in the blob container.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEmptyDiff } from '../../src/sandbox/index.ts';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { snapshotOf, withSandboxState } from '../e2e/sandbox-state.ts';
import { AZURITE_ACCOUNT, startAzurite, type Azurite } from './azure-blob-azurite.ts';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(() => azurite?.stop());

function runner(stateDir: string, container: string) {
  const env = { SOP_INTEGRATE_JOURNAL_CONNECTION_STRING: azurite.connectionString };
  const journal = ['--journal', `azblob://${AZURITE_ACCOUNT}/${container}`];
  return (args: string[]) =>
    runCli([...args, '--sandbox', '--state-dir', stateDir, ...journal], { cwd: tempDir('sop-runner-'), env });
}

function leaks(texts: string[]): boolean {
  return texts.some((t) => t.includes(azurite.accountKey) || t.includes('AccountKey='));
}

describe('shared journal on Azure Blob (Azurite) through the CLI', () => {
  it('crash on one runner, resume on a second, roll back from a third', async () => {
    const stateDir = path.join(tempDir('sop-shared-state-'), 'state');
    const run = runner(stateDir, 'crash-resume');
    await run(['proofpoint', '--phase', '2', '--dry-run']);
    const initial = await snapshotOf(stateDir);

    const fault = 'kind=crash-after,service=graph,method=POST,path=/addPassword,nth=1';
    const crashed = await run(['proofpoint', '--phase', '2', '--sandbox-fault', fault]);
    expect(crashed.code, crashed.stderr).toBeNull(); // SIGKILL

    const listed = await run(['runs', '--output', 'json']);
    expect(listed.code).toBe(0);
    const runs = (
      JSON.parse(listed.stdout.trim().split('\n').at(-1) ?? '{}') as {
        runs: Array<{ runId: string; status: string }>;
      }
    ).runs;
    expect(runs).toHaveLength(1);
    const runId = runs[0]!.runId;
    expect(runs[0]!.status).toBe('running');
    // Nothing was journaled or locked in files: only the blob container holds them.
    expect(existsSync(path.join(stateDir, 'runs'))).toBe(false);
    expect(existsSync(path.join(stateDir, 'locks'))).toBe(false);

    const refused = await run(['resume', runId]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/lock is stale/);
    expect((await run(['unlock', initial.tenant.id, 'proofpoint'])).code).toBe(0);
    const resumed = await run(['resume', runId]);
    expect(resumed.stderr).not.toMatch(/error/i);
    expect(resumed.code).toBe(0);

    const shown = await run(['show', runId]);
    expect(shown.stdout).toContain('succeeded');
    const rolledBack = await run(['rollback', runId]);
    expect(rolledBack.code).toBe(0);
    await withSandboxState(stateDir, (sb) => {
      expect(isEmptyDiff(sb.diff(initial, sb.snapshot()))).toBe(true);
    });
    expect(
      leaks([crashed, listed, refused, resumed, shown, rolledBack].flatMap((r) => [r.stdout, r.stderr])),
    ).toBe(false);
  }, 150_000);

  it('refuses a connection string on the command line without echoing it', async () => {
    const result = await runCli(['runs', '--journal', azurite.connectionString], {
      cwd: tempDir('sop-runner-'),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOP_INTEGRATE_JOURNAL_CONNECTION_STRING');
    expect(leaks([result.stdout, result.stderr])).toBe(false);
  });
});
