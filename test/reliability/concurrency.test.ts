// Two runs on one tenant: the second is refused (exit 5) naming the first. A lock left by a
// crashed run is reported as stale and still refuses every run until `unlock` breaks it.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { seededStateDir } from './support/clean-run.ts';

describe('one run per tenant and integration', () => {
  it('refuses a second run while the first holds the lock', async () => {
    const { cwd, stateDir } = await seededStateDir('sop-lock-');
    const args = ['ninjaone', '--phase', '1', '--sandbox', '--state-dir', stateDir];
    // The first run stays inside its apply for 15 s (a slow Intune), holding the lock.
    const first = runCli(
      [...args, '--sandbox-fault', 'kind=latency,ms=15000,service=graph,method=POST,nth=1'],
      { cwd },
    );
    const locks = path.join(stateDir, 'locks');
    for (let i = 0; i < 600 && !(existsSync(locks) && readdirSync(locks).length > 0); i += 1) await sleep(50);
    const second = await runCli(args, { cwd });
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(/REFUSED_LOCKED/);
    expect(second.stderr).toMatch(/sop-integrate unlock/);
    expect((await first).code).toBe(0);
    // Released once the first run ended: a third run goes through (a noop now).
    expect((await runCli([...args, '--dry-run'], { cwd })).code).toBe(0);
  }, 120_000);

  it('reports a crashed run as a stale lock, refuses until unlock, then resume finishes', async () => {
    const { cwd, stateDir, initial } = await seededStateDir('sop-stale-');
    const args = ['ninjaone', '--phase', '1', '--sandbox', '--state-dir', stateDir];
    const crashed = await runCli(
      [...args, '--sandbox-fault', 'kind=crash-after,service=graph,method=POST,nth=1'],
      { cwd },
    );
    expect(crashed.code).toBeNull();
    const runId = (readdirSync(path.join(stateDir, 'runs'))[0] ?? '').replace(/\.jsonl$/, '');

    const again = await runCli(args, { cwd });
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/lock is stale/);
    expect(again.stderr).toContain(runId);
    const resumeRefused = await runCli(['resume', runId, '--sandbox', '--state-dir', stateDir], { cwd });
    expect(resumeRefused.code).toBe(5);

    const unlocked = await runCli(['unlock', initial.tenant.id, 'ninjaone', '--state-dir', stateDir], {
      cwd,
    });
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toContain(`Broke the lock of run ${runId}`);
    const resumed = await runCli(['resume', runId, '--sandbox', '--state-dir', stateDir], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    const nothingLeft = await runCli(['unlock', initial.tenant.id, 'ninjaone', '--state-dir', stateDir], {
      cwd,
    });
    expect(nothingLeft.stdout).toMatch(/No lock held/);
  }, 120_000);
});
