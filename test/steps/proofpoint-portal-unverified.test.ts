// proofpoint.portal-setting where the sign-in log cannot be read: a tenant without Entra ID
// P1/P2 (403 Authentication_RequestFromNonPremiumTenantOrB2CTenant) or an identity without
// AuditLog.Read.All (403 Authorization_RequestDenied). The plan says so before approval; verify
// answers at once with verified: false and the reason, instead of polling for 15 minutes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services/create-services.ts';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { entraAppRegistrationStep as appStep } from '../../src/services/graph/steps/entra-app-registration/index.ts';
import { proofpointPortalSettingStep as portal } from '../../src/services/proofpoint/steps/proofpoint-portal-setting/index.ts';
import { fastPolicy, sandboxConfig, sandboxServices } from '../adapters/support/sandbox-services.ts';
import { exchangeStepContext } from './exchange-support.ts';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const secretsDir = mkdtempSync(path.join(tmpdir(), 'pp-unverified-'));
const slept: number[] = [];
function ctx(
  sandbox: Sandbox,
  services = sandboxServices(sandbox, new Redactor(), fastPolicy(), secretsDir),
) {
  const base = exchangeStepContext(sandbox, 'enter-sync-settings');
  return {
    ...base,
    services,
    secrets: new FileSecretStore(secretsDir),
    sleep: (ms: number) => {
      slept.push(ms);
      return Promise.resolve();
    },
  } satisfies StepContext;
}

function params(appId: string, tenantId = 'tenant') {
  return portal.params.parse({
    page: 'directory-sync',
    appId,
    tenantId,
    secretRef: 'file:none',
    instructions: 'User Management > Import/Sync > Directory Sync',
    // The real default: without the early answer, verify would poll this long.
    signInWithinSeconds: 900,
  });
}

describe('proofpoint.portal-setting without a readable sign-in log', () => {
  it('without Entra ID P1/P2: the plan warns, verify is ok on the operator’s word with verified: false', async () => {
    sb = await startSandbox({ seed: 9101, entraIdPremium: false });
    const p = params(sb.credentials.clientId);
    const plan = await portal.plan(ctx(sb), p);
    expect(plan.details?.at(-1)).toMatch(
      /^NOT VERIFIABLE here: the tenant has no Microsoft Entra ID P1\/P2 licence.*Authentication_RequestFromNonPremiumTenantOrB2CTenant.*recorded as UNVERIFIED$/,
    );
    slept.length = 0;
    const verified = await portal.verify(ctx(sb), p, { confirmedAt: new Date().toISOString() });
    expect(verified).toMatchObject({ ok: true, verified: false });
    expect(verified.reason).toMatch(/no Microsoft Entra ID P1\/P2 licence/);
    expect(verified.checks[0]).toMatch(
      /^UNVERIFIED: Proofpoint directory-sync rests on the operator's confirmation only/,
    );
    expect(slept).toEqual([]);
    // v1.0 refuses it the same way: the licence, not the version, is what is missing.
    const token = (await (
      await fetch(`${sb.endpoints.login}/${sb.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: sb.credentials.clientId,
          client_secret: sb.credentials.clientSecret,
          scope: 'https://graph.microsoft.com/.default',
        }),
      })
    ).json()) as { access_token: string };
    const v1 = await fetch(`${sb.endpoints.graph}/v1.0/auditLogs/signIns`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(v1.status).toBe(403);
    expect(((await v1.json()) as { error: { code: string } }).error.code).toBe(
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
    );
  });

  it('without AuditLog.Read.All: says which permission to grant, and does not poll', async () => {
    sb = await startSandbox({ seed: 9102 });
    // An identity with User.Read.All only, signing in with its own stored secret.
    const appParams = appStep.params.parse({
      displayName: 'tool without audit logs',
      applicationPermissions: ['User.Read.All'],
      secret: { name: 'no-audit', expiresInDays: 90 },
    });
    const c = ctx(sb);
    const app = await appStep.apply(c, appParams, await appStep.plan(c, appParams));
    const appId = app.outputs.appId as string;
    const secret = await new FileSecretStore(secretsDir).get('no-audit');
    const config = sandboxConfig(sb, secretsDir);
    const limited = createServices(
      {
        ...config,
        credential: { ...config.credential, clientId: appId, clientSecret: secret! },
      },
      new Redactor(),
      { policy: fastPolicy() },
    );
    const p = params(appId);
    const plan = await portal.plan(ctx(sb, limited), p);
    expect(plan.details?.at(-1)).toMatch(
      /NOT VERIFIABLE here: .*grant AuditLog\.Read\.All.*Authorization_RequestDenied/,
    );
    slept.length = 0;
    const verified = await portal.verify(ctx(sb, limited), p, { confirmedAt: new Date().toISOString() });
    expect(verified).toMatchObject({ ok: true, verified: false });
    expect(verified.reason).toMatch(/AuditLog\.Read\.All/);
    expect(slept).toEqual([]);
  });

  it('searches from when the operator was asked, server-side, not from the confirmation', async () => {
    sb = await startSandbox({ seed: 9103 });
    const asked = new Date(Date.now() - 3 * 3600_000);
    const p = params(sb.credentials.clientId, sb.tenantId);
    await new FileSecretStore(secretsDir).put('none', sb.credentials.clientSecret, {
      expiresOn: new Date(Date.now() + 86_400_000),
      description: 'the sandbox tool identity',
    });
    const c = { ...ctx(sb), waitingSince: asked };
    const applied = await portal.apply(c, p, await portal.plan(c, p));
    expect(applied.outputs.waitingSince).toBe(asked.toISOString());
    // A resumed verify has no waitingSince in its context: the output carries it.
    await portal.verify(ctx(sb), { ...p, signInWithinSeconds: 0 }, applied.outputs);
    const read = sb.requests.filter((r) => r.path === '/graph/beta/auditLogs/signIns').at(-1)!;
    const since = /createdDateTime ge (\S+)$/.exec(read.query.$filter ?? '')?.[1];
    expect(Date.parse(since!)).toBe(asked.getTime() - 120_000);
  });
});
