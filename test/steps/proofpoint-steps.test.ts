// proofpoint.domains and proofpoint.portal-setting against the sandbox's Essentials API and
// emulated portal: plan create -> apply -> verify -> noop -> undo removing only what was added;
// PoD customers get a portal instruction; a portal page is verified by the app's sign-in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services/create-services.ts';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { entraAppRegistrationStep as appStep } from '../../src/services/graph/steps/entra-app-registration/index.ts';
import { proofpointDomainsStep as domains } from '../../src/services/proofpoint/steps/proofpoint-domains/index.ts';
import { proofpointPortalSettingStep as portal } from '../../src/services/proofpoint/steps/proofpoint-portal-setting/index.ts';
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

  it('adds the missing domain relayed to its Exchange Online MX, re-points one without a destination; undo takes back only that', async () => {
    await (await essentials()).createDomain('contoso.example', '192.0.2.25');
    const start = sb.snapshot();
    const plan = await domains.plan(ctx(), params);
    expect(plan.action).toBe('create');
    expect(plan.changes).toEqual([
      {
        path: 'proofpoint domain fabrikam.example',
        before: null,
        after: 'present, destination fabrikam-example.mail.protection.outlook.com',
      },
    ]);
    expect(plan.calls).toEqual([
      {
        service: 'proofpoint',
        method: 'POST',
        target:
          '/orgs/contoso.example/domains {name: fabrikam.example, destination: fabrikam-example.mail.protection.outlook.com}',
      },
    ]);
    // The destination Essentials already has is kept; the new one comes from the live MX.
    expect(plan.details).toEqual([
      'destination fabrikam.example -> fabrikam-example.mail.protection.outlook.com (current MX)',
      'destination contoso.example -> 192.0.2.25 (essentials)',
    ]);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);

    const before = sb.requests.length;
    const applied = await domains.apply(ctx(), params, plan);
    const post = sb.requests.slice(before).find((r) => r.service === 'proofpoint' && r.method === 'POST');
    expect(post?.requestBody).toEqual({
      name: 'fabrikam.example',
      is_active: true,
      is_relay: false,
      destination: 'fabrikam-example.mail.protection.outlook.com',
    });
    expect(applied).toEqual({
      outputs: {
        domains: ['fabrikam.example', 'contoso.example'],
        destinations: {
          'fabrikam.example': 'fabrikam-example.mail.protection.outlook.com',
          'contoso.example': '192.0.2.25',
        },
      },
      undo: { added: ['fabrikam.example'] },
    });
    const verified = await domains.verify(ctx(), params, applied.outputs);
    expect(verified).toEqual({
      ok: true,
      checks: [
        'ok: fabrikam.example in Essentials org contoso.example, relayed to fabrikam-example.mail.protection.outlook.com',
        'ok: contoso.example in Essentials org contoso.example, relayed to 192.0.2.25',
      ],
    });
    const again = await domains.plan(ctx(), params);
    expect(again.action).toBe('noop');
    const writes = ppWrites();
    expect((await domains.apply(ctx(), params, again)).undo).toBeNull();
    expect(ppWrites()).toBe(writes);

    await domains.undo!(ctx(), applied.undo!);
    expect((await (await essentials()).listDomains()).map((d) => d.name)).toEqual(['contoso.example']);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
    // Undo twice is harmless: the domain is already gone.
    await domains.undo!(ctx(), applied.undo!);
  });

  it('a destination in the runbook re-points an existing domain with PUT; undo puts the old one back', async () => {
    const start = sb.snapshot();
    const pinned = domains.params.parse({
      domains: ['contoso.example'],
      destination: 'contoso-example.mail.protection.outlook.com',
    });
    const plan = await domains.plan(ctx(), pinned);
    expect(plan.action).toBe('update');
    expect(plan.changes).toEqual([
      {
        path: 'proofpoint domain contoso.example destination',
        before: '192.0.2.25',
        after: 'contoso-example.mail.protection.outlook.com',
      },
    ]);
    const applied = await domains.apply(ctx(), pinned, plan);
    expect(applied.undo).toEqual({ changed: [{ name: 'contoso.example', destination: '192.0.2.25' }] });
    expect((await domains.verify(ctx(), pinned, applied.outputs)).ok).toBe(true);
    await domains.undo!(ctx(), applied.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  });

  it('refuses a domain that is not an accepted domain of the tenant', async () => {
    const foreign = domains.params.parse({ domains: ['northwind.example'] });
    await expect(domains.plan(ctx(), foreign)).rejects.toThrow(/not an accepted domain/);
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
    const params = domains.params.parse({ domains: ['fabrikam.example'] });
    const writes = ppWrites();
    const plan = await domains.plan(ctx, params);
    expect(plan.action).toBe('manual');
    expect(plan.details).toContain(
      '  fabrikam.example -> fabrikam-example.mail.protection.outlook.com (current MX)',
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
