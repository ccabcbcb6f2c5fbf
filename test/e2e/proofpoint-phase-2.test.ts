// End to end through the built CLI against the sandbox tenant: the README's main job.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmptyDiff } from '../../src/sandbox/index.ts';
import { runCli, tempDir, type CliResult } from '../cli/run-cli.ts';
import { filesUnder, findSecrets } from './secret-scan.ts';
import { seedShortTtl, snapshotOf, withSandboxState } from './sandbox-state.ts';

function jsonEvents(stdout: string): { type: string; [key: string]: unknown }[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string });
}

describe('proofpoint phase 2 in the sandbox, through the CLI', () => {
  it('dry-run changes nothing; apply creates; re-run is noop; rollback restores; no secret leaks', async () => {
    const cwd = tempDir();
    const state = ['--sandbox', '--state-dir', path.join(cwd, 'state')];
    const stateDir = path.join(cwd, 'state');
    await seedShortTtl(stateDir);
    const outputs: Record<string, string> = {};
    const record = (name: string, result: CliResult): CliResult => {
      outputs[`${name} stdout`] = result.stdout;
      outputs[`${name} stderr`] = result.stderr;
      return result;
    };

    const dry = record(
      'dry-run',
      await runCli(['proofpoint', '--phase', '2', ...state, '--dry-run', '--detailed-exitcode'], { cwd }),
    );
    expect(dry.code).toBe(4);
    expect(dry.stdout).toMatch(/\+ create directory-sync-app/);
    expect(dry.stdout).toMatch(/Dry run: nothing was changed/);
    const initial = await snapshotOf(stateDir);
    expect(
      Object.values(initial.directory.applications).filter((a) => a.displayName.startsWith('Proofpoint')),
    ).toEqual([]);

    const applied = record(
      'apply',
      await runCli(['proofpoint', '--phase', '2', ...state, '--output', 'json'], { cwd }),
    );
    expect(applied.stderr).not.toMatch(/error/);
    expect(applied.code).toBe(0);
    const events = jsonEvents(applied.stdout);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'plan',
        'run.started',
        'gate.approved',
        'step.applied',
        'step.verified',
        'run.finished',
      ]),
    );
    const finished = events.find((e) => e.type === 'run.finished');
    expect(finished).toMatchObject({ outcome: 'succeeded' });
    const runId = String(events.find((e) => e.type === 'run.started')?.runId);

    await withSandboxState(stateDir, (sandbox) => {
      const diff = sandbox.diff(initial, sandbox.snapshot());
      const created = diff.created.map((entry) => `${entry.kind}:${entry.displayName}`);
      expect(created).toEqual(
        expect.arrayContaining(['application:Proofpoint-Directory-Sync', 'application:Proofpoint-TRAP']),
      );
      expect(diff.created.filter((entry) => entry.kind === 'appRoleAssignment')).toHaveLength(5);
      // The cutover replaced the Microsoft MX record; nothing else was deleted.
      expect(
        diff.deleted.map(
          (entry) => `${entry.collection}:${JSON.stringify((entry.before as { content?: string }).content)}`,
        ),
      ).toEqual(['dns.records:"contoso-example.mail.protection.outlook.com"']);
    });

    const again = record(
      're-run',
      await runCli(['proofpoint', '--phase', '2', ...state, '--dry-run'], { cwd }),
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/= noop {3}directory-sync-app/);
    expect(again.stdout).toMatch(/= noop {3}trap-app/);
    expect(again.stdout).toMatch(/0 to create, 0 to update/);

    const shown = record('show', await runCli(['show', runId, '--state-dir', stateDir], { cwd }));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/approval security-review: sandbox stand-in \(Security\)/);

    const rolledBack = record('rollback', await runCli(['rollback', runId, ...state], { cwd }));
    expect(rolledBack.code).toBe(0);
    // Ten changes, plus the inbound connector's lock-down, undone before the connector itself.
    expect(rolledBack.stdout).toMatch(/11 undone/);
    await withSandboxState(stateDir, (sandbox) => {
      expect(isEmptyDiff(sandbox.diff(initial, sandbox.snapshot()))).toBe(true);
    });

    // The secrets the run created were in the store (now removed by rollback) and in the
    // sandbox's issued list; none may appear in any output, journal or plan file.
    const issued = await withSandboxState(stateDir, (sandbox) => sandbox.issuedSecrets());
    const written = filesUnder(
      stateDir,
      (file) =>
        file.includes(`${path.sep}sandbox${path.sep}`) || file.includes(`${path.sep}secrets${path.sep}`),
    );
    const texts = {
      ...outputs,
      ...Object.fromEntries(written.map((file) => [file, readFileSync(file, 'utf8')])),
    };
    expect(issued.length).toBeGreaterThan(0);
    expect(findSecrets(issued, texts)).toEqual([]);
  });

  it('without the stand-in, stops at the gate (exit 3) and continues after approve + resume', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'state');
    const state = ['--sandbox', '--rehearse', '--state-dir', stateDir];
    await seedShortTtl(stateDir);
    // Phase 2 first needs the CTO's approval of this plan (the change request phase 1 printed).
    const unapproved = await runCli(['proofpoint', '--phase', '2', ...state], { cwd });
    expect(unapproved.code).toBe(3);
    expect(unapproved.stderr).toMatch(
      /gate cto-change-approval needs approval by CTO before step change-approved/,
    );
    const runId = /sop-integrate approve (\S+)/.exec(unapproved.stderr)?.[1] ?? '';
    const cto = await runCli(
      [
        'approve',
        runId,
        '--gate',
        'cto-change-approval',
        '--as',
        'Dana Lee',
        '--role',
        'CTO',
        '--evidence',
        'changeId=CHG-4711',
        '--state-dir',
        stateDir,
      ],
      { cwd },
    );
    expect(cto.code).toBe(0);
    const first = await runCli(['resume', runId, ...state], { cwd });
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/gate security-review needs approval by Security/);
    const before = await snapshotOf(stateDir);
    expect(
      Object.values(before.directory.applications).filter((a) => a.displayName.startsWith('Proofpoint')),
    ).toEqual([]);

    const wrongRole = await runCli(
      [
        'approve',
        runId,
        '--gate',
        'security-review',
        '--as',
        'Kim',
        '--role',
        'CTO',
        '--state-dir',
        stateDir,
      ],
      { cwd },
    );
    expect(wrongRole.code).toBe(2);

    const approved = await runCli(
      [
        'approve',
        runId,
        '--gate',
        'security-review',
        '--as',
        'Kim Akers',
        '--role',
        'Security',
        '--state-dir',
        stateDir,
      ],
      { cwd },
    );
    expect(approved.code).toBe(0);
    const second = await runCli(['resume', runId, ...state], { cwd });
    expect(second.code).toBe(3);
    expect(second.stdout).toMatch(/applied directory-sync-app/);
    expect(second.stderr).toMatch(/enter-sync-settings/);

    // Manual portal steps need an operator; the MX cutover waits for the change-window gate (CTO).
    const waits: string[] = [];
    for (let stderr = second.stderr; /needs (an operator|approval)/.test(stderr);) {
      const gate = /gate (\S+) needs approval by (\S+)/.exec(stderr);
      const manual = /step (\S+) needs an operator/.exec(stderr);
      const approval = gate
        ? [
            '--gate',
            gate[1] ?? '',
            '--as',
            'Kim Akers',
            '--role',
            gate[2] ?? '',
            '--evidence',
            'changeId=CHG-4711',
          ]
        : ['--gate', manual?.[1] ?? '', '--as', 'Ops', '--role', 'operator'];
      waits.push(approval[1] ?? '');
      const confirmed = await runCli(['approve', runId, ...approval, '--state-dir', stateDir], { cwd });
      expect(confirmed.code).toBe(0);
      stderr = (await runCli(['resume', runId, ...state], { cwd })).stderr;
    }
    expect(waits).toEqual(['enter-sync-settings', 'change-window', 'connect-trap']);
    const shown = await runCli(['show', runId, '--state-dir', stateDir, '--output', 'json'], { cwd });
    const details = JSON.parse(shown.stdout) as { summary: { status: string } };
    expect(details.summary.status).toBe('succeeded');
  });

  it('plan --out, approve --file, apply plan.json; a stale plan is refused with exit 5', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'state');
    const state = ['--sandbox', '--state-dir', stateDir];
    await seedShortTtl(stateDir);
    const planned = await runCli(['plan', 'proofpoint', '--phase', '2', ...state, '--out', 'plan.json'], {
      cwd,
    });
    expect(planned.code).toBe(0);
    const approved = await runCli(
      [
        'approve',
        'plan.json',
        '--gate',
        'security-review',
        '--as',
        'Kim Akers',
        '--role',
        'Security',
        '--file',
        'approvals.yaml',
      ],
      { cwd },
    );
    expect(approved.code).toBe(0);
    expect(readFileSync(path.join(cwd, 'approvals.yaml'), 'utf8')).toMatch(/planHash: [0-9a-f]{64}/);

    // Someone creates one of the apps by hand meanwhile: the saved plan is stale.
    const other = await runCli(['proofpoint', '--phase', '2', '--sandbox', '--state-dir', stateDir], { cwd });
    expect(other.code).toBe(0);
    const stale = await runCli(
      ['apply', 'plan.json', ...state, '--approvals', 'approvals.yaml', '--rehearse'],
      { cwd },
    );
    expect(stale.code).toBe(5);
    expect(stale.stderr).toMatch(/REFUSED_STALE_PLAN/);
  });
});
