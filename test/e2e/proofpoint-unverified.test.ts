/* eslint-disable @typescript-eslint/no-unsafe-assignment -- asymmetric matchers (expect.stringMatching) are typed any */
// Phase 2 in a tenant without Entra ID P1/P2, through the built CLI: the portal steps cannot be
// proved by the app's sign-in (Graph refuses the sign-in log), so the plan says so, the run goes
// on on the operator's confirmation, and the journal, `show` and every report call them UNVERIFIED.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.ts';
import { runCli, tempDir } from '../cli/run-cli.ts';

async function seedUnlicensed(stateDir: string): Promise<void> {
  mkdirSync(path.join(stateDir, 'sandbox'), { recursive: true });
  const sandbox = await startSandbox({
    stateFile: path.join(stateDir, 'sandbox', 'state.json'),
    dns: { mxTtl: 2, minTtl: 1 },
    entraIdPremium: false,
  });
  await sandbox.close();
}

describe('proofpoint phase 2 without Entra ID P1/P2', () => {
  it('plans NOT VERIFIABLE, applies, and records the portal steps as UNVERIFIED everywhere', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'state');
    const state = ['--sandbox', '--state-dir', stateDir];
    await seedUnlicensed(stateDir);

    const dry = await runCli(['proofpoint', '--phase', '2', ...state, '--dry-run'], { cwd });
    expect(dry.stdout).toMatch(/NOT VERIFIABLE here: the tenant has no Microsoft Entra ID P1\/P2 licence/);

    const reports = ['junit', 'markdown', 'json'].flatMap((kind) => [
      '--report',
      `${kind}=${path.join(cwd, `report.${kind}`)}`,
    ]);
    const applied = await runCli(['proofpoint', '--phase', '2', ...state, ...reports], { cwd });
    expect(applied.stderr).not.toMatch(/error/i);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(
      /! UNVERIFIED enter-sync-settings: the tenant has no Microsoft Entra ID P1\/P2/,
    );
    expect(applied.stdout).toMatch(/! UNVERIFIED connect-trap: /);
    expect(applied.stdout).not.toMatch(/✔ verified enter-sync-settings/);

    const runId = /Run (\S+) succeeded/.exec(applied.stdout)?.[1];
    expect(runId).toBeDefined();
    const journal = readFileSync(path.join(stateDir, 'runs', `${runId}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const verified = journal.filter((r) => r.type === 'step.verified' && r.stepId === 'enter-sync-settings');
    expect(verified).toEqual([
      expect.objectContaining({ ok: true, verified: false, reason: expect.stringMatching(/P1\/P2/) }),
    ]);

    const shown = await runCli(['show', runId!, '--state-dir', stateDir], { cwd });
    expect(shown.stdout).toMatch(
      /enter-sync-settings\s+manual\s+done, UNVERIFIED \(operator's confirmation only/,
    );

    const junit = readFileSync(path.join(cwd, 'report.junit'), 'utf8');
    expect(junit).toMatch(/<property name="verified" value="false"\/>/);
    expect(junit).toMatch(/UNVERIFIED: the tenant has no Microsoft Entra ID P1\/P2/);
    const markdown = readFileSync(path.join(cwd, 'report.markdown'), 'utf8');
    expect(markdown).toMatch(/\| enter-sync-settings \|.*\*\*UNVERIFIED\*\*/);
    expect(markdown).toMatch(/⚠ UNVERIFIED \(confirmed by the operator only\)/);
    const summary = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as {
      steps: { id: string; verified: boolean | null; unverifiedReason: string | null }[];
    };
    expect(summary.steps.find((s) => s.id === 'connect-trap')).toMatchObject({
      verified: false,
      unverifiedReason: expect.stringMatching(/Authentication_RequestFromNonPremiumTenantOrB2CTenant/),
    });
    expect(summary.steps.find((s) => s.id === 'directory-sync-app')).toMatchObject({
      verified: true,
      unverifiedReason: null,
    });
  }, 120_000);
});
