// NinjaOne phases 1 → 2 end to end through the built CLI against the sandbox: the agent becomes an
// Intune Win32 app assigned to the device group, a re-run is a noop, phase 2 names the seeded
// fleet's mismatches, a failure between upload and commit resumes without a second app, a new
// agent version uploads new content, rollback leaves nothing behind, and no secret leaks.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmptyDiff, type SandboxSnapshot } from '../../src/sandbox/index.ts';
import { runCli, tempDir, type CliResult } from '../cli/run-cli.ts';
import { filesUnder, findSecrets } from './secret-scan.ts';
import { snapshotOf, withSandboxState } from './sandbox-state.ts';

type Event = { type: string; [key: string]: unknown };
const events = (stdout: string): Event[] =>
  stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Event);
const runIdOf = (stdout: string) => String(events(stdout).find((e) => e.type === 'run.started')?.runId);
const apps = (s: SandboxSnapshot) =>
  Object.values(s.intune?.mobileApps ?? {}).filter((a) => a.displayName === 'NinjaOne Agent');

function session() {
  const cwd = tempDir('sop-ninja-');
  const stateDir = path.join(cwd, 'state');
  const outputs: Record<string, string> = {};
  const run = async (name: string, args: string[]): Promise<CliResult> => {
    const result = await runCli([...args, '--sandbox', '--state-dir', stateDir], { cwd });
    outputs[`${name} stdout`] = result.stdout;
    outputs[`${name} stderr`] = result.stderr;
    return result;
  };
  return { cwd, stateDir, outputs, run };
}

describe('ninjaone phases 1 and 2 in the sandbox, through the CLI', () => {
  it('deploys, re-runs as noop, validates with named mismatches, rolls back to an empty diff, leaks nothing', async () => {
    const s = session();
    const dry = await s.run('dry-run', ['ninjaone', '--phase', '1', '--dry-run', '--detailed-exitcode']);
    expect(dry.code).toBe(4);
    expect(dry.stdout).toMatch(/\+ create win32-app/);
    // The per-location MSI under the vendor's name, installed without a token.
    expect(dry.stdout).toMatch(
      /install command: msiexec \/i "contosoltdheadoffice-5\.9\.9352-windows-installer\.msi" \/qn \/norestart\n/,
    );
    expect(dry.stdout).not.toMatch(/TOKENID/);
    expect(dry.stdout).toMatch(
      /detection: registry key HKEY_LOCAL_MACHINE\\SOFTWARE\\NinjaRMM LLC\\NinjaRMMAgent exists \(32-bit view/,
    );
    expect(dry.stdout).toMatch(/architectures: x86,x64; ARM64 devices are not targeted/);
    expect(dry.stdout).toMatch(/category: \(none\) -> Computer management/);
    const initial = await snapshotOf(s.stateDir);
    expect(apps(initial)).toEqual([]);

    const applied = await s.run('phase 1', ['ninjaone', '--phase', '1', '--output', 'json']);
    expect(applied.stderr).not.toMatch(/error/i);
    expect(applied.code).toBe(0);
    const runId = runIdOf(applied.stdout);
    const after = await snapshotOf(s.stateDir);
    const [app] = apps(after);
    expect(app).toMatchObject({ publisher: 'NinjaOne', committedContentVersion: '1' });
    expect(app?.installExperience).toEqual({ runAsAccount: 'system', deviceRestartBehavior: 'suppress' });
    expect(app?.rules).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.win32LobAppRegistryRule',
        keyPath: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\NinjaRMM LLC\\NinjaRMMAgent',
        check32BitOn64System: true,
        operationType: 'exists',
      }),
    ]);
    expect(app?.installCommandLine).toBe(
      'msiexec /i "contosoltdheadoffice-5.9.9352-windows-installer.msi" /qn /norestart',
    );
    // Uninstall prevention is switched off before msiexec /x of the product code found on the device.
    expect(String(app?.uninstallCommandLine)).toMatch(
      /^powershell\.exe .*NinjaRMMAgent\.exe'\) -disableUninstallPrevention NOUI.*msiexec\.exe -ArgumentList '\/x'/,
    );
    // Kept short: the admin center caps command lines at 1024 characters (not found in Learn).
    expect(String(app?.uninstallCommandLine).length).toBeLessThan(1024);
    expect(app?.applicableArchitectures).toBe('x86,x64');
    // SOP "App information": the Category is the built-in Computer management.
    const computerManagement = Object.values(after.intune?.mobileAppCategories ?? {}).find(
      (c) => c.displayName === 'Computer management',
    );
    expect(Object.values(after.intune?.appCategoryLinks ?? {})).toEqual([
      expect.objectContaining({ appId: app?.id, categoryId: computerManagement?.id }),
    ]);
    const assignments = Object.values(after.intune?.assignments ?? {});
    expect(assignments).toEqual([expect.objectContaining({ appId: app?.id, intent: 'required' })]);

    const again = await s.run('re-run', ['ninjaone', '--phase', '1', '--dry-run']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/= noop {3}win32-app/);
    expect(again.stdout).toMatch(/0 to create, 0 to update/);

    const phase2 = await s.run('phase 2', ['ninjaone', '--phase', '2', '--output', 'json']);
    expect(phase2.code).toBe(0);
    const checks = events(phase2.stdout)
      .filter((e) => e.type === 'step.verified')
      .flatMap((e) => e.checks as string[])
      .join('\n');
    expect(checks).toMatch(/4 installed, 1 failed, 0 pending of 5 devices/);
    expect(checks).toMatch(/install failed on CONTOSO-LT-0105 .*0x80070643/);
    expect(checks).toMatch(/missing in NinjaOne \(1\): CONTOSO-LT-0105/);
    expect(checks).toMatch(/missing in Intune \(1\): CONTOSO-SRV-0106/);
    expect(checks).toMatch(/matched 3 by serial, 1 by hostname/);
    // The action is the name the operator set, found in the device's scripting options.
    expect(checks).toMatch(/Refresh device inventory on device 301: COMPLETED SUCCESS/);
    expect(checks).not.toMatch(/FABRIKAM/);

    const rolledBack = await s.run('rollback', ['rollback', runId]);
    expect(rolledBack.code).toBe(0);
    await withSandboxState(s.stateDir, (sandbox) => {
      const diff = sandbox.diff(initial, sandbox.snapshot());
      expect(
        [...diff.created, ...diff.changed, ...diff.deleted].map((e) => `${e.collection}:${e.id}`),
      ).toEqual([]);
      expect(isEmptyDiff(diff)).toBe(true);
    });

    const issued = await withSandboxState(s.stateDir, (sandbox) => sandbox.issuedSecrets());
    const token = await withSandboxState(s.stateDir, (sandbox) => sandbox.ninjaone.installToken);
    expect(issued).toContain(token);
    const written = filesUnder(
      s.stateDir,
      (file) =>
        file.includes(`${path.sep}sandbox${path.sep}`) || file.includes(`${path.sep}secrets${path.sep}`),
    );
    const texts = {
      ...s.outputs,
      ...Object.fromEntries(written.map((file) => [file, readFileSync(file, 'utf8')])),
    };
    expect(written.some((file) => file.includes('runs'))).toBe(true);
    expect(findSecrets(issued, texts)).toEqual([]);
  });

  it('resumes after a failed commit without a second app; a new agent version uploads new content', async () => {
    const s = session();
    mkdirSync(path.join(s.stateDir, 'sandbox'), { recursive: true });
    const initial = await snapshotOf(s.stateDir);
    const failed = await s.run('failing', [
      'ninjaone',
      '--phase',
      '1',
      '--sandbox-fault',
      'kind=status,status=500,service=graph,method=POST,path=commit,times=1',
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/intuneApps.commitContentFile/);
    const runId = /sop-integrate resume ([\w-]+)/.exec(failed.stderr)?.[1] ?? '';
    expect(runId).not.toBe('');
    const half = await snapshotOf(s.stateDir);
    expect(apps(half)).toHaveLength(1);
    expect(apps(half)[0]?.committedContentVersion).toBeNull();

    const resumed = await s.run('resume', ['resume', runId]);
    expect(resumed.stderr).not.toMatch(/error/i);
    expect(resumed.code).toBe(0);
    const done = await snapshotOf(s.stateDir);
    expect(apps(done)).toHaveLength(1);
    // The version whose commit failed was deleted on resume, not left behind.
    expect(Object.keys(done.intune?.contentVersions ?? {})).toHaveLength(1);
    expect(apps(done)[0]?.committedContentVersion).toBe('1');

    await withSandboxState(s.stateDir, (sandbox) => sandbox.ninjaone.setAgentVersion('5.10.2001'));
    const updated = await s.run('update', ['ninjaone', '--phase', '1', '--output', 'json']);
    const planned = events(updated.stdout).find((e) => e.type === 'plan') as unknown as {
      steps: { id: string; action: string; changes: unknown[] }[];
    };
    const appStep = planned.steps.find((step) => step.id === 'win32-app');
    expect(appStep?.action).toBe('update');
    expect(appStep?.changes).toContainEqual({
      path: 'content.productVersion',
      before: '5.9.9352',
      after: '5.10.2001',
    });
    expect(updated.stderr).not.toMatch(/error/i);
    expect(updated.code).toBe(0);
    const upgraded = apps(await snapshotOf(s.stateDir))[0];
    expect(upgraded?.committedContentVersion).toBe('2');
    expect(upgraded?.msiInformation).toMatchObject({ productVersion: '5.10.2001' });

    // Undo the update first (restores content version 1 and deletes 2), then the first run (deletes the app).
    const undone = await s.run('rollback update', ['rollback', runIdOf(updated.stdout)]);
    expect(undone.code, undone.stderr).toBe(0);
    const afterUndo = await snapshotOf(s.stateDir);
    const restored = apps(afterUndo)[0];
    expect(restored?.committedContentVersion).toBe('1');
    expect(Object.keys(afterUndo.intune?.contentVersions ?? {})).toHaveLength(1);
    expect(restored?.msiInformation).toMatchObject({ productVersion: '5.9.9352' });
    expect((await s.run('rollback first', ['rollback', runId])).code).toBe(0);
    await withSandboxState(s.stateDir, (sandbox) => {
      sandbox.ninjaone.setAgentVersion('5.9.9352'); // the vendor's side, not something the run changed
      expect(isEmptyDiff(sandbox.diff(initial, sandbox.snapshot()))).toBe(true);
    });
  });

  it('refuses All Devices unless allowAllDevices is set', async () => {
    const s = session();
    const refused = await s.run('all devices', [
      'ninjaone',
      '--phase',
      '1',
      '--dry-run',
      '--set',
      'deviceGroups=All Devices',
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/All Devices/);
  });
});
