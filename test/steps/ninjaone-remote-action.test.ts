// ninjaone.remote-action finds the action by the name the operator set, in the device's
// scripting options, and runs it by that tenant's uid or id; over real HTTP against the sandbox.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/errors.ts';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { ninjaOneRemoteActionStep as step } from '../../src/services/ninjaone/steps/ninjaone-remote-action/index.ts';
import { createServices } from '../../src/services/create-services.ts';
import { fastPolicy, sandboxConfig } from '../adapters/support/sandbox-services.ts';

let sb: Sandbox;
const redactor = new Redactor();

function context(): StepContext {
  return {
    runId: 'run-remote-action',
    stepId: 'remote-action',
    tenantId: sb.tenantId,
    services: createServices(
      {
        ...sandboxConfig(sb),
        ninjaone: {
          region: sb.ninjaone.baseUrl,
          clientId: sb.ninjaone.clientId,
          clientSecret: sb.ninjaone.clientSecret,
        },
      },
      redactor,
      { policy: fastPolicy() },
    ),
    secrets: new FileSecretStore(mkdtempSync(path.join(tmpdir(), 'remote-action-'))),
    redactor,
    log: { info: () => {}, progress: () => {}, warn: () => {} },
    signal: new AbortController().signal,
    firstAttemptAt: undefined,
    now: () => new Date(),
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 10))),
  };
}

const params = (action: string) =>
  step.params.parse({ organization: 'Contoso Ltd', device: 'CONTOSO-LT-0102', action });

beforeAll(async () => {
  sb = await startSandbox({ seed: 7301 });
});
afterAll(() => sb.close());

describe('ninjaone.remote-action', () => {
  it('runs a built-in action and a library script named as NinjaOne lists them', async () => {
    for (const name of ['refresh device inventory', 'Connectivity check']) {
      const plan = await step.plan(context(), params(name));
      expect(plan.calls[0]?.target).toBe('/v2/device/302/scripting/options');
      const applied = await step.apply(context(), params(name), plan);
      expect(applied.outputs).toMatchObject({ deviceId: 302, statusCode: 'COMPLETED', result: 'SUCCESS' });
      expect((await step.verify(context(), params(name), applied.outputs)).ok).toBe(true);
    }
    const runs = sb.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/script/run'));
    expect(runs.map((r) => JSON.stringify(r.requestBody))).toEqual([
      expect.stringContaining('"type":"ACTION"'),
      expect.stringContaining('"type":"SCRIPT"'),
    ]);
  });

  it('refuses a name the device does not offer, listing the ones it does', async () => {
    const refused = await step.plan(context(), params('Reboot everything')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceError);
    const error = refused as ServiceError;
    expect(error.kind).toBe('not-found');
    expect(error.message).toMatch(/no action or script named Reboot everything/);
    expect(error.hint).toMatch(/Refresh device inventory, Flush DNS cache, Connectivity check/);
  });
});
