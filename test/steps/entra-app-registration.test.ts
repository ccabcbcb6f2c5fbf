// entra.app-registration end to end over real HTTP against the sandbox, driven through the
// StepHandler interface with a hand-built StepContext: plan changes nothing, apply creates
// apps with consent and stored secrets, re-plan is noop, undo restores the sandbox exactly.
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import type { ApplyResult, StepContext, StepPlan } from '../../src/steps/contract.ts';
import { entraAppRegistrationStep as step } from '../../src/services/graph/steps/entra-app-registration/index.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';

let sb: Sandbox;
let secretDir: string;
let redactor: Redactor;
const logLines: string[] = [];

function context(stepId: string): StepContext {
  return {
    runId: 'run-e2e-42',
    stepId,
    tenantId: sb.tenantId,
    services: sandboxServices(sb, redactor, undefined, secretDir),
    secrets: new FileSecretStore(secretDir),
    redactor,
    log: {
      info: (m) => logLines.push(m),
      progress: (m) => logLines.push(m),
      warn: (m) => logLines.push(`warn ${m}`),
    },
    signal: new AbortController().signal,
    firstAttemptAt: undefined,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

const apps = [
  {
    id: 'directory-sync-app',
    with: {
      displayName: 'Proofpoint-Directory-Sync',
      applicationPermissions: ['User.Read.All', 'Group.Read.All', 'Directory.Read.All'],
      adminConsent: true,
      secret: { store: 'file', name: 'proofpoint-directory-sync', expiresInDays: 90 },
    },
  },
  {
    id: 'trap-app',
    with: {
      displayName: 'Proofpoint-TRAP',
      uniqueName: 'pp-trap-e2e',
      applicationPermissions: ['Mail.ReadWrite', 'User.Read.All'],
      secret: { name: 'proofpoint-trap' },
    },
  },
];

beforeAll(async () => {
  sb = await startSandbox();
  secretDir = join(await mkdtemp(join(tmpdir(), 'sop-e2e-')), 'secrets');
  redactor = new Redactor();
});
afterAll(async () => {
  await sb.close();
  await rm(join(secretDir, '..'), { recursive: true, force: true });
});

describe('entra.app-registration on the sandbox', () => {
  const plans: StepPlan[] = [];
  const results: ApplyResult[] = [];
  let beforeApply: ReturnType<Sandbox['snapshot']>;

  it('rejects unknown keys and derives uniqueName from displayName', () => {
    expect(step.params.safeParse({ displayName: 'X', colour: 'red' }).success).toBe(false);
    expect(
      step.params.safeParse({ displayName: 'A', secret: { name: 'a', expiresInDays: 731 } }).success,
    ).toBe(false);
    const parsed = step.params.parse(apps[0]!.with);
    expect(parsed).toMatchObject({
      uniqueName: 'proofpoint-directory-sync',
      resource: '00000003-0000-0000-c000-000000000000',
    });
  });

  it('plan shows create with each permission and its meaning, and changes nothing', async () => {
    beforeApply = sb.snapshot();
    for (const app of apps) plans.push(await step.plan(context(app.id), step.params.parse(app.with)));
    expect(plans.map((p) => p.action)).toEqual(['create', 'create']);
    const sync = plans[0]!;
    expect(sync.details?.filter((d) => d.startsWith('+ '))).toHaveLength(3);
    expect(sync.details?.find((d) => d.includes('Directory.Read.All'))).toMatch(
      /Directory\.Read\.All \(application\): \S.{10,}/,
    );
    expect(sync.calls.map((c) => `${c.method} ${c.target}`)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("PATCH /applications(uniqueName='proofpoint-directory-sync')"),
        expect.stringContaining('appRoleAssignedTo'),
        expect.stringContaining('addPassword (90 days)'),
      ]),
    );
    expect(sync.calls.filter((c) => c.target.includes('appRoleAssignedTo'))).toHaveLength(3);
    expect(isEmptyDiff(sb.diff(beforeApply, sb.snapshot()))).toBe(true);
  });

  it('apply creates both apps with consent and a 0600 secret file; the value appears nowhere else', async () => {
    for (const [i, app] of apps.entries()) {
      results.push(await step.apply(context(app.id), step.params.parse(app.with), plans[i]!));
    }
    const diff = sb.diff(beforeApply, sb.snapshot());
    expect(
      diff.created
        .filter((e) => e.kind === 'application')
        .map((e) => e.displayName)
        .sort(),
    ).toEqual(['Proofpoint-Directory-Sync', 'Proofpoint-TRAP']);
    expect(diff.created.filter((e) => e.kind === 'appRoleAssignment')).toHaveLength(5);
    expect(results[1]!.outputs.secretRef).toBe('file:proofpoint-trap');

    const files = (await readdir(secretDir)).sort();
    expect(files).toEqual(['proofpoint-directory-sync', 'proofpoint-trap']);
    const values: string[] = [];
    for (const file of files) {
      expect((await stat(join(secretDir, file))).mode & 0o777).toBe(0o600);
      values.push(await readFile(join(secretDir, file), 'utf8'));
    }
    for (const value of values) {
      expect(sb.issuedSecrets()).toContain(value);
      const everything = JSON.stringify({ plans, results, logLines });
      expect(everything).not.toContain(value);
      expect(redactor.text(`x ${value} y`)).toBe('x [REDACTED] y');
    }
  });

  it('verify reads everything back', async () => {
    for (const [i, app] of apps.entries()) {
      const result = await step.verify(context(app.id), step.params.parse(app.with), results[i]!.outputs);
      expect(result.checks.join('\n')).not.toContain('FAILED');
      expect(result.ok).toBe(true);
    }
  });

  it('re-plan is noop with known outputs, and makes no request that changes state', async () => {
    const before = sb.snapshot();
    for (const [i, app] of apps.entries()) {
      const plan = await step.plan(context(app.id), step.params.parse(app.with));
      expect(plan.action).toBe('noop');
      expect(plan.calls).toEqual([]);
      expect(plan.knownOutputs).toEqual(results[i]!.outputs);
    }
    expect(isEmptyDiff(sb.diff(before, sb.snapshot()))).toBe(true);
  });

  it('an update records what changed and undo restores it', async () => {
    const before = sb.snapshot();
    const changed = { ...apps[1]!.with, applicationPermissions: ['Mail.ReadWrite', 'Group.Read.All'] };
    const params = step.params.parse(changed);
    const plan = await step.plan(context('trap-app'), params);
    expect(plan.action).toBe('update');
    expect(plan.details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\+ .*Group\.Read\.All/),
        expect.stringMatching(/^- .*User\.Read\.All/),
      ]),
    );
    const result = await step.apply(context('trap-app'), params, plan);
    expect(result.undo).toMatchObject({
      createdApplication: false,
      createdServicePrincipal: false,
      addedSecret: null,
    });
    expect((await step.verify(context('trap-app'), params, result.outputs)).ok).toBe(true);
    await step.undo!(context('trap-app'), result.undo!);
    // Consent the update revoked comes back as an equivalent assignment: Graph assigns ids itself.
    const diff = sb.diff(before, sb.snapshot());
    expect(diff.changed).toEqual([]);
    const grant = (e: { before?: unknown; after?: unknown }) => {
      const a = (e.before ?? e.after) as { principalId: string; resourceId: string; appRoleId: string };
      return `${a.principalId}/${a.resourceId}/${a.appRoleId}`;
    };
    expect([...diff.created, ...diff.deleted].every((e) => e.kind === 'appRoleAssignment')).toBe(true);
    expect(diff.created.map(grant)).toEqual(diff.deleted.map(grant));
    expect(diff.created).toHaveLength(1);
  });

  it('undo (newest first) leaves the sandbox as it was before apply, and is idempotent', async () => {
    for (let i = apps.length - 1; i >= 0; i--) await step.undo!(context(apps[i]!.id), results[i]!.undo!);
    expect(sb.diff(beforeApply, sb.snapshot())).toEqual({ created: [], changed: [], deleted: [] });
    expect(await readdir(secretDir)).toEqual([]);
    for (let i = apps.length - 1; i >= 0; i--) await step.undo!(context(apps[i]!.id), results[i]!.undo!);
    expect(isEmptyDiff(sb.diff(beforeApply, sb.snapshot()))).toBe(true);
  });

  it('a re-run after undo can create the same uniqueName again', async () => {
    const params = step.params.parse(apps[1]!.with);
    const plan = await step.plan(context('trap-app'), params);
    expect(plan.action).toBe('create');
    const result = await step.apply(context('trap-app'), params, plan);
    await step.undo!(context('trap-app'), result.undo!);
    expect(isEmptyDiff(sb.diff(beforeApply, sb.snapshot()))).toBe(true);
  });

  it('an apply interrupted at the secret is resumed without duplicates and still undone completely', async () => {
    const params = step.params.parse(apps[0]!.with);
    const plan = await step.plan(context('directory-sync-app'), params);
    sb.faults.add({ service: 'graph', method: 'POST', path: '/addPassword', kind: 'reset', nth: 1 });
    await expect(step.apply(context('directory-sync-app'), params, plan)).rejects.toMatchObject({
      kind: 'network',
    });
    sb.faults.clear();

    const result = await step.apply(context('directory-sync-app'), params, plan);
    const diff = sb.diff(beforeApply, sb.snapshot());
    expect(diff.created.filter((e) => e.kind === 'application')).toHaveLength(1);
    expect(diff.created.filter((e) => e.kind === 'servicePrincipal')).toHaveLength(1);
    expect(diff.created.filter((e) => e.kind === 'appRoleAssignment')).toHaveLength(3);
    expect(result.undo).toMatchObject({ createdApplication: true, createdServicePrincipal: true });
    expect((result.undo as { addedAssignmentIds: string[] }).addedAssignmentIds).toHaveLength(3);

    await step.undo!(context('directory-sync-app'), result.undo!);
    expect(isEmptyDiff(sb.diff(beforeApply, sb.snapshot()))).toBe(true);
  });
});
