// intune.assignment against the sandbox: Required to a device group by name, noop when present,
// All Devices refused unless allowed, undo removes exactly what was added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphClient } from '../../src/services/graph/client/client.ts';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import {
  IntuneAssignmentParams,
  intuneAssignmentStep as step,
} from '../../src/services/graph/steps/intune-assignment/index.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';

let sb: Sandbox;
let graph: GraphClient;
let appId: string;
const redactor = new Redactor();

function context(): StepContext {
  return {
    runId: 'run-assign-3',
    stepId: 'required-assignment',
    tenantId: sb.tenantId,
    services: sandboxServices(sb, redactor),
    secrets: {
      kind: 'file',
      put: async () => ({ store: 'file', name: '' }),
      get: async () => undefined,
      delete: async () => {},
      describe: (n) => n,
    },
    redactor,
    log: { info: () => {}, progress: () => {}, warn: () => {} },
    signal: new AbortController().signal,
    firstAttemptAt: undefined,
    now: () => new Date(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 1618 });
  graph = await sandboxServices(sb, redactor).graph();
  appId = (
    await graph.createWin32App({
      '@odata.type': '#microsoft.graph.win32LobApp',
      displayName: 'Assignment Test',
      description: 'd',
      publisher: 'NinjaOne',
      fileName: 'a.intunewin',
      setupFilePath: 'a.msi',
      installCommandLine: 'msiexec /i a.msi /qn',
      uninstallCommandLine: 'msiexec /x {A} /qn',
      installExperience: { runAsAccount: 'system', deviceRestartBehavior: 'suppress' },
      returnCodes: [{ returnCode: 0, type: 'success' }],
      rules: [
        {
          '@odata.type': '#microsoft.graph.win32LobAppRegistryRule',
          ruleType: 'detection',
          keyPath: 'HKLM\\SOFTWARE\\NinjaRMM LLC',
          valueName: null,
          check32BitOn64System: true,
          operationType: 'exists',
          operator: 'notConfigured',
          comparisonValue: null,
        },
      ],
      applicableArchitectures: 'x64',
      minimumSupportedWindowsRelease: '1607',
    })
  ).id;
});
afterAll(() => sb.close());

describe('intune.assignment', () => {
  it('assigns Required to the group, is a noop the second time, and undo removes it', async () => {
    const params = IntuneAssignmentParams.parse({ appId, groups: ['NinjaOne Rollout Devices'] });
    const plan = await step.plan(context(), params);
    expect(plan.action).toBe('create');
    const applied = await step.apply(context(), params, plan);
    expect((await step.verify(context(), params, applied.outputs)).ok).toBe(true);
    expect((await step.plan(context(), params)).action).toBe('noop');
    await step.undo!(context(), applied.undo!);
    expect(await graph.listAppAssignments(appId)).toEqual([]);
  });

  it('refuses All Devices unless allowAllDevices is true, then assigns it', async () => {
    const refused = IntuneAssignmentParams.parse({ appId, groups: ['All Devices'] });
    await expect(step.plan(context(), refused)).rejects.toThrow(/All Devices/);
    const allowed = IntuneAssignmentParams.parse({ appId, groups: ['All Devices'], allowAllDevices: true });
    const applied = await step.apply(context(), allowed, await step.plan(context(), allowed));
    const [assignment] = await graph.listAppAssignments(appId);
    expect(assignment?.target['@odata.type']).toBe('#microsoft.graph.allDevicesAssignmentTarget');
    await step.undo!(context(), applied.undo!);
    expect(await graph.listAppAssignments(appId)).toEqual([]);
  });

  it('names a missing group', async () => {
    const params = IntuneAssignmentParams.parse({ appId, groups: ['No Such Group'] });
    await expect(step.plan(context(), params)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
