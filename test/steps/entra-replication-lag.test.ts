// Entra replication lag: right after the app is created, the service-principal upsert and the
// app role grant fail with 400s for a while. The sandbox reproduces it (fault kind
// `replication-lag`); the app-registration step rides through it with bounded backoff, and the
// same answers from an object that is not new, or any other 400, still fail at once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/errors.ts';
import { Redactor } from '../../src/redact.ts';
import { parseFaultSpec } from '../../src/sandbox/fault-spec.ts';
import { isEmptyDiff, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { entraAppRegistrationStep as step } from '../../src/services/graph/steps/entra-app-registration/index.ts';
import { whileReplicating } from '../../src/services/graph/steps/entra-app-registration/replication.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';

let sb: Sandbox;
let secretDir: string;
const log: string[] = [];
const slept: number[] = [];

function context(controller = new AbortController()): StepContext {
  const redactor = new Redactor();
  return {
    runId: 'run-lag-1',
    stepId: 'directory-sync-app',
    tenantId: sb.tenantId,
    services: sandboxServices(sb, redactor, undefined, secretDir),
    secrets: new FileSecretStore(secretDir),
    redactor,
    log: { info: (m) => log.push(m), progress: (m) => log.push(m), warn: (m) => log.push(`warn ${m}`) },
    signal: controller.signal,
    firstAttemptAt: undefined,
    now: () => new Date(),
    sleep: (ms) => {
      slept.push(ms);
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}

const params = step.params.parse({
  displayName: 'Proofpoint-Directory-Sync (lag)',
  applicationPermissions: ['User.Read.All', 'Group.Read.All'],
  secret: { name: 'pp-lag', expiresInDays: 90 },
});

beforeEach(async () => {
  sb = await startSandbox({ seed: 4242 });
  secretDir = join(await mkdtemp(join(tmpdir(), 'sop-lag-')), 'secrets');
  log.length = 0;
  slept.length = 0;
});
afterEach(async () => {
  await sb.close();
  await rm(join(secretDir, '..'), { recursive: true, force: true });
});

const lagAnswers = () =>
  sb.requests.filter(
    (r) =>
      r.status === 400 &&
      /does not reference a valid application object|Not a valid reference update/.test(
        JSON.stringify(r.responseBody),
      ),
  );

describe('entra.app-registration under replication lag', () => {
  it('applies while the lag is active: retries exactly the lag answers, then verifies and undoes', async () => {
    // As an operator would write it on the command line (`sandbox start --fault ...`).
    sb.faults.add(parseFaultSpec('kind=replication-lag,ms=800,service=graph'));
    const start = sb.snapshot();
    const ctx = context();
    const plan = await step.plan(ctx, params);
    const applied = await step.apply(ctx, params, plan);
    expect(typeof applied.outputs.servicePrincipalId).toBe('string');

    // The fault fired: once on the SP upsert (the app was new), once on the first grant (the SP was new).
    const [rule] = sb.faults.list();
    expect(rule?.fired).toBe(2);
    expect(lagAnswers().map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, '<id>')}`)).toEqual([
      "PATCH /graph/v1.0/servicePrincipals(appId='<id>')",
      'POST /graph/v1.0/servicePrincipals/<id>/appRoleAssignedTo',
    ]);
    expect(slept).toEqual([1000, 1000]);
    expect(log.filter((l) => l.includes('not replicated'))).toEqual([
      expect.stringMatching(/^creating the service principal of .*retrying in 1 s \(1\/7\)$/),
      expect.stringMatching(/^granting User\.Read\.All: .*retrying in 1 s \(1\/7\)$/),
    ]);

    const verified = await step.verify(ctx, params, applied.outputs);
    expect(verified.ok).toBe(true);
    await step.undo!(ctx, applied.undo!);
    expect(isEmptyDiff(sb.diff(start, sb.snapshot()))).toBe(true);
  }, 20_000);

  it('gives up after the bounded backoff when the lag never ends, with the service error', async () => {
    sb.faults.add({ kind: 'replication-lag', ms: 600_000, service: 'graph', path: '/servicePrincipals(' });
    const ctx = context();
    const graph = await ctx.services.graph();
    const app = (
      await graph.upsertApplicationByUniqueName('pp-lag-forever', {
        displayName: 'lag forever',
        signInAudience: 'AzureADMyOrg',
      })
    ).application;
    const error = await whileReplicating(
      ctx,
      { operation: 'servicePrincipals.upsert', appId: app.appId },
      'creating the service principal',
      () => graph.createServicePrincipal(app.appId),
      [5, 5, 5],
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).details.status).toBe(400);
    expect(slept).toEqual([5, 5, 5]);
    expect(sb.faults.list()[0]?.fired).toBe(4);
  });

  it('stops retrying once the run is aborted', async () => {
    sb.faults.add({ kind: 'replication-lag', ms: 600_000, service: 'graph' });
    const controller = new AbortController();
    const ctx = context(controller);
    const graph = await ctx.services.graph();
    const app = (
      await graph.upsertApplicationByUniqueName('pp-lag-abort', {
        displayName: 'lag abort',
        signInAudience: 'AzureADMyOrg',
      })
    ).application;
    let attempts = 0;
    const error = await whileReplicating(
      ctx,
      { operation: 'servicePrincipals.upsert', appId: app.appId },
      'creating the service principal',
      () => {
        attempts++;
        if (attempts === 2) controller.abort();
        return graph.createServicePrincipal(app.appId);
      },
      [5, 5, 5, 5],
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(attempts).toBe(2);
  });

  it('does not retry other 400s: a grant of an app role the resource lacks fails at once', async () => {
    const ctx = context();
    const graph = await ctx.services.graph();
    const graphSp = await graph.getServicePrincipalByAppId('00000003-0000-0000-c000-000000000000');
    const self = await graph.getServicePrincipalByAppId(sb.credentials.clientId);
    let attempts = 0;
    const error = await whileReplicating(
      ctx,
      { operation: 'appRoleAssignments.grant', principalId: self!.id },
      'granting nothing',
      () => {
        attempts++;
        return graph.grantAppRole({
          principalId: self!.id,
          resourceId: graphSp!.id,
          appRoleId: '00000000-0000-0000-0000-000000000001',
        });
      },
    ).catch((e: unknown) => e);
    expect((error as ServiceError).details.status).toBe(400);
    expect(attempts).toBe(1);
    expect(slept).toEqual([]);
  });

  it('a replication-lag rule needs ms', () => {
    expect(() => parseFaultSpec('kind=replication-lag,service=graph')).toThrow(/Invalid sandbox fault rule/);
  });
});
