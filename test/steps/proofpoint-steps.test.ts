// proofpoint.domains and proofpoint.portal-setting against the sandbox's Essentials API and
// emulated portal: plan create -> apply -> verify -> noop -> undo removing only what was added;
// PoD customers get a portal instruction; a portal page is verified by the app's sign-in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/adapters/create-services.ts';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { entraAppRegistrationStep as appStep } from '../../src/steps/entra-app-registration/index.ts';
import { proofpointDomainsStep as domains } from '../../src/steps/proofpoint-domains/index.ts';
import { proofpointPortalSettingStep as portal } from '../../src/steps/proofpoint-portal-setting/index.ts';
import { fastPolicy, sandboxConfig, sandboxServices } from '../adapters/support/sandbox-services.ts';
import { exchangeStepContext } from './exchange-support.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 7373 });
});
afterAll(async () => {
  await sb.close();
});

const essentials = async () => (await sandboxServices(sb, new Redactor()).proofpoint()).essentials!;
const ppWrites = () => sb.requests.filter((r) => r.service === 'proofpoint' && r.method !== 'GET').length;

describe('proofpoint.domains (Essentials)', () => {
  const ctx = () => exchangeStepContext(sb, 'proofpoint-domains');
  const params = domains.params.parse({ domains: ['Fabrikam.Example', 'contoso.example'] });

  it('plans create for the missing domains only, adds them, verifies, re-plans noop; undo removes only those', async () => {
    await (await essentials()).createDomains(['contoso.example']);
    const start = sb.snapshot();
    const plan = await domains.plan(ctx(), params);
    expect(plan.action).toBe('create');
    expect(plan.changes).toEqual([
      { path: 'proofpoint domain fabrikam.example', before: null, after: 'present' },
    ]);
    expect(plan.calls).toEqual([
      { service: 'proofpoint', method: 'POST', target: '/orgs/contoso.example/domains {fabrikam.example}' },
    ]);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);

    const applied = await domains.apply(ctx(), params, plan);
    expect(applied).toEqual({
      outputs: { domains: ['fabrikam.example', 'contoso.example'] },
      undo: { added: ['fabrikam.example'] },
    });
    expect((await (await essentials()).listDomains()).map((d) => d.name).sort()).toEqual([
      'contoso.example',
      'fabrikam.example',
    ]);
    const verified = await domains.verify(ctx(), params, applied.outputs);
    expect(verified).toEqual({
      ok: true,
      checks: [
        'ok: fabrikam.example in Essentials org contoso.example',
        'ok: contoso.example in Essentials org contoso.example',
      ],
    });
    const again = await domains.plan(ctx(), params);
    expect(again.action).toBe('noop');
    expect(again.knownOutputs).toEqual({ domains: ['fabrikam.example', 'contoso.example'] });
    const writes = ppWrites();
    expect((await domains.apply(ctx(), params, again)).undo).toBeNull();
    expect(ppWrites()).toBe(writes);

    await domains.undo!(ctx(), applied.undo!);
    expect((await (await essentials()).listDomains()).map((d) => d.name)).toEqual(['contoso.example']);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
    // Undo twice is harmless: the domain is already gone.
    await domains.undo!(ctx(), applied.undo!);
  });

  it('verify reports a domain someone removed', async () => {
    await (await essentials()).deleteDomain('contoso.example');
    const verified = await domains.verify(ctx(), params, {});
    expect(verified.ok).toBe(false);
    expect(verified.checks).toContain('MISSING: contoso.example in Essentials org contoso.example');
  });
});

describe('proofpoint.domains (Proofpoint on Demand)', () => {
  it('is a manual portal step with the exact entries, and undo tells the operator what to remove', async () => {
    const redactor = new Redactor();
    const config = sandboxConfig(sb);
    config.proofpoint = { product: 'pod' };
    const log: string[] = [];
    const ctx: StepContext = {
      ...exchangeStepContext(sb, 'proofpoint-domains', log),
      services: createServices(config, redactor, { policy: fastPolicy() }),
    };
    const params = domains.params.parse({
      domains: ['fabrikam.example'],
      destination: 'fabrikam-example.mail.protection.outlook.com',
    });
    const writes = ppWrites();
    const plan = await domains.plan(ctx, params);
    expect(plan.action).toBe('manual');
    expect(plan.details).toContain(
      '  fabrikam.example -> deliver to fabrikam-example.mail.protection.outlook.com',
    );
    const applied = await domains.apply(ctx, params, plan);
    await domains.undo!(ctx, applied.undo!);
    expect(log.join('\n')).toContain('revert by hand: In the Proofpoint portal, remove fabrikam.example');
    expect(ppWrites()).toBe(writes);
  });
});

describe('proofpoint.portal-setting', () => {
  const secretsDir = mkdtempSync(path.join(tmpdir(), 'pp-portal-'));
  const ctx = (log: string[] = []): StepContext => ({
    ...exchangeStepContext(sb, 'enter-sync-settings', log),
    services: sandboxServices(sb, new Redactor(), fastPolicy(), secretsDir),
    secrets: new FileSecretStore(secretsDir),
  });

  it('shows the exact values; applying saves the page, the app signs in, verify sees it; undo clears the page', async () => {
    const appParams = appStep.params.parse({
      displayName: 'Proofpoint-Directory-Sync (portal test)',
      applicationPermissions: ['User.Read.All'],
      secret: { name: 'pp-portal-sync', expiresInDays: 30 },
    });
    const start = sb.snapshot();
    const app = await appStep.apply(ctx(), appParams, await appStep.plan(ctx(), appParams));
    const appId = app.outputs.appId as string;
    const params = portal.params.parse({
      page: 'directory-sync',
      appId,
      tenantId: sb.tenantId,
      secretRef: app.outputs.secretRef,
      settings: { schedule: 'every 6 hours' },
      instructions: 'User Management > Import/Sync > Directory Sync\nenter the app id',
      signInWithinSeconds: 0,
    });
    const plan = await portal.plan(ctx(), params);
    expect(plan.action).toBe('manual');
    expect(plan.summary).toBe('User Management > Import/Sync > Directory Sync');
    expect(plan.details).toEqual([
      'User Management > Import/Sync > Directory Sync',
      'enter the app id',
      'Settings:',
      '  schedule: every 6 hours',
      `then checked: ${appId} signs in (Entra service-principal sign-in log)`,
    ]);

    const applied = await portal.apply(ctx(), params, plan);
    expect(applied.outputs.page).toBe('directory-sync');
    expect(sb.snapshot().proofpoint?.portal['directory-sync']).toMatchObject({
      appId,
      settings: { schedule: 'every 6 hours' },
    });
    const verified = await portal.verify(ctx(), params, applied.outputs);
    expect(verified.ok).toBe(true);
    expect(verified.verified).toBeUndefined();
    expect(verified.checks[0]).toMatch(
      /signed in at .* \(service-principal sign-in; Proofpoint directory-sync is using it\)/,
    );
    // Read where Graph shows client-credential sign-ins: beta, with the event type and a time filter.
    const read = sb.requests.filter((r) => r.path.endsWith('/auditLogs/signIns')).at(-1)!;
    expect(read.path).toBe('/graph/beta/auditLogs/signIns');
    expect(read.query.$filter).toMatch(
      new RegExp(
        `^signInEventTypes/any\\(t: t eq 'servicePrincipal'\\) and appId eq '${appId}' and createdDateTime ge \\d{4}-`,
      ),
    );

    const log: string[] = [];
    await portal.undo!(ctx(log), applied.undo!);
    expect(sb.snapshot().proofpoint?.portal['directory-sync']).toBeUndefined();
    expect(log).toContain(
      `warn revert by hand: Remove the directory-sync configuration for app ${appId} in the Proofpoint portal.`,
    );
    await appStep.undo!(ctx(), app.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('verify fails with a clear message when the app never signed in', async () => {
    const params = portal.params.parse({
      page: 'trap',
      appId: '4b1c0d8e-1111-4222-8333-944455556666',
      tenantId: sb.tenantId,
      secretRef: 'file:nothing',
      instructions: 'TRAP wizard',
      signInWithinSeconds: 0,
    });
    const verified = await portal.verify(ctx(), params, { confirmedAt: new Date().toISOString() });
    expect(verified.ok).toBe(false);
    expect(verified.checks[0]).toMatch(
      /^no sign-in of app 4b1c0d8e-1111-4222-8333-944455556666 since .*: check the values entered in Proofpoint \(trap\)$/,
    );
  });
});
