// SIGKILL at each mutation point of the app registrations (issue: crash anywhere), then
// unlock + resume: no duplicate objects, nothing skipped; rollback restores the sandbox exactly.
// The crash comes from the in-process sandbox's crash faults, so it lands exactly right after
// the tool sent a mutation (crash-before) or right after the service applied it (crash-after).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmptyDiff } from '../../src/sandbox/index.ts';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { snapshotOf, withSandboxState } from './sandbox-state.ts';

const points: [string, string][] = [
  ['PATCH', `/applications(uniqueName=`],
  ['PATCH', `/servicePrincipals(appId=`],
  ['POST', '/appRoleAssignedTo'],
  ['POST', '/addPassword'],
];
const cases = points.flatMap(([method, route]) =>
  (['crash-before', 'crash-after'] as const).map((kind) => ({ method, route, kind })),
);

describe('crash at every mutation point of an app registration, then resume', () => {
  it.concurrent.each(cases)(
    '$kind $method $route',
    async ({ method, route, kind }) => {
      const cwd = tempDir('sop-crash-');
      const stateDir = path.join(cwd, 'state');
      // A 1 s MX TTL keeps the runbook's wait for the old TTL short.
      const sandbox = ['--sandbox', '--sandbox-mx-ttl', '2', '--state-dir', stateDir];
      // The baseline: the seeded tenant, as the sandbox state file holds it before any run.
      await runCli(['proofpoint', '--phase', '2', ...sandbox, '--dry-run'], { cwd });
      const initial = await snapshotOf(stateDir);

      const fault = `kind=${kind},service=graph,method=${method},path=${route},nth=1`;
      const crashed = await runCli(['proofpoint', '--phase', '2', ...sandbox, '--sandbox-fault', fault], {
        cwd,
      });
      expect(crashed.code).toBeNull(); // killed by SIGKILL
      const runs = readdirSync(path.join(stateDir, 'runs')).filter((f) => f.endsWith('.jsonl'));
      expect(runs).toHaveLength(1);
      const runId = (runs[0] ?? '').replace(/\.jsonl$/, '');

      const refused = await runCli(['resume', runId, ...sandbox], { cwd });
      expect(refused.code).toBe(5);
      expect(refused.stderr).toMatch(/lock is stale/);
      const tenantId = initial.tenant.id;
      expect((await runCli(['unlock', tenantId, 'proofpoint', '--state-dir', stateDir], { cwd })).code).toBe(
        0,
      );
      const resumed = await runCli(['resume', runId, ...sandbox], { cwd });
      expect(resumed.stderr).not.toMatch(/error/);
      expect(resumed.code).toBe(0);

      await withSandboxState(stateDir, (sb) => {
        const state = sb.snapshot();
        const apps = Object.values(state.directory.applications).filter((a) =>
          a.displayName.startsWith('Proofpoint'),
        );
        expect(apps.map((a) => a.displayName).sort()).toEqual([
          'Proofpoint-Directory-Sync',
          'Proofpoint-TRAP',
        ]);
        for (const app of apps) expect(app.passwordCredentials).toHaveLength(1);
        const appIds = new Set(apps.map((a) => a.appId));
        const sps = Object.values(state.directory.servicePrincipals).filter((sp) => appIds.has(sp.appId));
        expect(sps).toHaveLength(2);
        const spIds = new Set(sps.map((sp) => sp.id));
        const grants = Object.values(state.directory.appRoleAssignments).filter((g) =>
          spIds.has(g.principalId),
        );
        expect(grants).toHaveLength(5);
      });

      const rolledBack = await runCli(['rollback', runId, ...sandbox], { cwd });
      expect(rolledBack.code).toBe(0);
      await withSandboxState(stateDir, (sb) => {
        expect(isEmptyDiff(sb.diff(initial, sb.snapshot()))).toBe(true);
      });
    },
    180_000,
  );
});
