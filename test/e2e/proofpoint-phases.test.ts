// SOP 6.0 phases 1 -> 2 -> 3 through the built CLI against the sandbox, non-interactively with
// approvals recorded by `sop-integrate approve` (--rehearse: no stand-in), and the proofs issue 4
// asks for: phase 3 passes after the cutover (evidence in the outputs); phase 2 re-runs as noop; its
// rollback restores the post-phase-1 state and the original MX at the authoritative server.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmptyDiff } from '../../src/sandbox/index.ts';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { driveToEnd } from './approve-loop.ts';
import { authoritativeMx, seedShortTtl, snapshotOf, withSandboxState } from './sandbox-state.ts';

describe('proofpoint phases 1 -> 2 -> 3 in the sandbox', () => {
  it('1 -> 2 -> 3 pass; phase 2 re-runs as noop; its rollback restores the phase-1 state and MX', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'state');
    const stateArgs = ['--sandbox', '--rehearse', '--state-dir', stateDir];
    await seedShortTtl(stateDir);
    const originalMx = await authoritativeMx(stateDir);
    expect(originalMx).toEqual(['0 contoso-example.mail.protection.outlook.com']);

    const phase1 = await driveToEnd(['proofpoint', '--phase', '1'], stateArgs, cwd);
    expect(phase1.last.code, phase1.last.stderr).toBe(0);
    const baseline = await snapshotOf(stateDir);

    const phase2 = await driveToEnd(['proofpoint', '--phase', '2'], stateArgs, cwd);
    expect(phase2.last.code, phase2.last.stderr).toBe(0);
    expect(phase2.approved).toEqual(
      expect.arrayContaining(['security-review', 'enter-sync-settings', 'change-window', 'connect-trap']),
    );
    expect(await authoritativeMx(stateDir)).toEqual([
      '10 mx1-us1.ppe-hosted.com',
      '20 mx2-us1.ppe-hosted.com',
    ]);

    const again = await runCli(['proofpoint', '--phase', '2', ...stateArgs, '--dry-run'], { cwd });
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to delete/);
    expect(again.stdout).not.toMatch(/^\s+[+~-] (create|update|delete) /m);

    const phase3 = await driveToEnd(
      ['proofpoint', '--phase', '3', '--report', 'markdown=validation.md'],
      stateArgs,
      cwd,
    );
    expect(phase3.last.code, phase3.last.stderr).toBe(0);
    expect(phase3.approved).toEqual(['inbound-test', 'outbound-test', 'trap-test']);
    const shown = await runCli(['show', phase3.runId, '--state-dir', stateDir, '--output', 'json'], { cwd });
    const evidence = JSON.stringify(JSON.parse(shown.stdout));
    expect(evidence).toMatch(/"fromIP":"148\.163\.129\.25"/);
    expect(evidence).toMatch(/"toIP":"148\.163\.130\.40"/);
    expect(evidence).toMatch(/"trapResult":"quarantined"/);
    const mail = (await snapshotOf(stateDir)).mail!;
    const threat = Object.values(mail.messages).find((m) => m.subject === 'SOP 6.0 phase 3: TRAP pull test')!;
    const inbound = Object.values(mail.messages).filter((m) => m.subject === 'SOP 6.0 phase 3: inbound test');
    expect(threat.route).toBe('proofpoint');
    expect(mail.mailboxes['adele.vance@contoso.example']?.inbox).not.toContain(threat.id);
    expect(mail.mailboxes['adele.vance@contoso.example']?.inbox).toEqual(
      expect.arrayContaining(inbound.map((m) => m.id)),
    );

    const rolledBack = await runCli(['rollback', phase2.runId, ...stateArgs], { cwd });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    await withSandboxState(stateDir, (sandbox) => {
      const diff = sandbox.diff(baseline, sandbox.snapshot());
      expect(isEmptyDiff(diff), JSON.stringify(diff, null, 1)).toBe(true);
    });
    expect(await authoritativeMx(stateDir)).toEqual(originalMx);
  }, 150_000);
});
