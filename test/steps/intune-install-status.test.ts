// Install status of the agent app as the sandbox's Intune reports it: each device's row follows
// the app's detection rule against the agent on the device. The agent updates itself to the newest
// build NinjaOne serves, whose MSI product code differs: an app detected by product code then
// reads "not detected" on every device (and Intune would reinstall the old MSI), while the
// registry rule the runbook uses keeps detecting it. Under an uninstall assignment, the agent's
// uninstall prevention refuses a plain msiexec /x. Over real HTTP, through the step and adapter.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphClient, Win32LobAppWrite } from '../../src/services/graph/client/client.ts';
import { installStateOf } from '../../src/services/graph/client/intune-install-state.ts';
import { ServiceError } from '../../src/errors.ts';
import { Redactor } from '../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { agentBuild } from '../../src/services/ninjaone/emulator/installer.ts';
import { DEFAULT_AGENT_VERSION } from '../../src/services/ninjaone/emulator/seed.ts';
import { FileSecretStore } from '../../src/secrets/file-store.ts';
import type { StepContext } from '../../src/steps/contract.ts';
import { intuneInstallStatusStep as statusStep } from '../../src/services/graph/steps/intune-install-status/index.ts';
import { appBody } from '../../src/services/graph/steps/intune-win32-app/body.ts';
import { intuneWin32AppStep as appStep } from '../../src/services/graph/steps/intune-win32-app/index.ts';
import { withPackage } from '../../src/services/graph/steps/intune-win32-app/package.ts';
import { show } from '../../src/steps/show.ts';
import type { IntuneWin32AppParams } from '../../src/services/graph/steps/intune-win32-app/params.ts';
import { sandboxServices } from '../adapters/support/sandbox-services.ts';

const SEED = 6262;
let sb: Sandbox;
let graph: GraphClient;
let dir: string;
const redactor = new Redactor();

function context(): StepContext {
  return {
    runId: 'run-install-status',
    stepId: 'status',
    tenantId: sb.tenantId,
    services: sandboxServices(sb, redactor),
    secrets: new FileSecretStore(dir),
    redactor,
    log: { info: () => {}, progress: () => {}, warn: () => {} },
    signal: new AbortController().signal,
    firstAttemptAt: undefined,
    now: () => new Date(),
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 10))),
  };
}

function appParams(displayName: string): IntuneWin32AppParams {
  const build = agentBuild(SEED, DEFAULT_AGENT_VERSION, 48 * 1024);
  const file = path.join(dir, 'agent.msi');
  writeFileSync(file, build.bytes);
  return appStep.params.parse({
    displayName,
    publisher: 'NinjaOne',
    installer: {
      path: file,
      fileName: 'contosoltdheadoffice-5.9.9352-windows-installer.msi',
      productCode: build.productCode,
      productVersion: DEFAULT_AGENT_VERSION,
      sha256: createHash('sha256').update(build.bytes).digest('hex'),
    },
  });
}

async function assignToRollout(appId: string): Promise<void> {
  const group = await graph.findGroupByDisplayName('NinjaOne Rollout Devices');
  await graph.addGroupAssignment(appId, group?.id ?? '', 'required');
}

/** An app with its content uploaded and committed, made with the step's body and some overrides. */
async function uploadedApp(
  params: IntuneWin32AppParams,
  overrides: Partial<Win32LobAppWrite> = {},
): Promise<string> {
  const app = await graph.createWin32App({ ...appBody(params, undefined, 'test app'), ...overrides });
  const ctx = context();
  const { contentVersionId } = await withPackage(ctx, params, (content) =>
    graph.uploadWin32Content(app.id, content, {
      sleep: (ms) => ctx.sleep(ms),
      now: () => ctx.now(),
      pollIntervalMs: 5,
    }),
  );
  await graph.updateWin32App(app.id, { committedContentVersion: contentVersionId });
  return app.id;
}

/** An app as the tool made it before: MSI product-code detection. */
function productCodeApp(params: IntuneWin32AppParams): Promise<string> {
  return uploadedApp(params, {
    rules: [
      {
        '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule',
        ruleType: 'detection',
        productCode: params.installer.productCode,
        productVersionOperator: 'notConfigured',
        productVersion: null,
      },
    ],
  });
}

async function rowStates(appId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const page of graph.deviceInstallStatusPages(appId))
    for (const row of page) counts[row.installState] = (counts[row.installState] ?? 0) + 1;
  return counts;
}

async function status(displayName: string) {
  const params = statusStep.params.parse({ displayName });
  return (await statusStep.verify(context(), params, {})).checks.join('\n');
}

beforeAll(async () => {
  sb = await startSandbox({ seed: SEED });
  graph = await sandboxServices(sb, redactor).graph();
  dir = mkdtempSync(path.join(tmpdir(), 'install-status-'));
});
afterAll(() => sb.close());

describe('intune.install-status against the detection rule', () => {
  it('a product-code rule stops detecting the self-updated agent; the registry rule keeps detecting it', async () => {
    const registry = appParams('Agent by registry');
    const plan = await appStep.plan(context(), registry);
    const applied = await appStep.apply(context(), registry, plan);
    await assignToRollout(show(applied.outputs.appId));
    await assignToRollout(await productCodeApp(appParams('Agent by product code')));

    // As deployed: both rules find the agent; the device whose MSI failed is failed under both.
    for (const name of ['Agent by registry', 'Agent by product code']) {
      const checks = await status(name);
      expect(checks).toMatch(/4 installed, 1 failed, 0 pending of 5 devices/);
      expect(checks).toMatch(
        /install failed on CONTOSO-LT-0105 .*Fatal error during installation 0x80070643/,
      );
    }

    // NinjaOne ships a new build; every agent updates itself to it (new product code).
    sb.ninjaone.setAgentVersion('5.10.2001');
    expect(await status('Agent by registry')).toMatch(/4 installed, 1 failed, 0 pending of 5 devices/);
    const byCode = await status('Agent by product code');
    expect(byCode).toMatch(/0 installed, 5 failed, 0 pending of 5 devices/);
    expect(byCode).toMatch(
      /install failed on CONTOSO-LT-0101 .*not detected after installation completed successfully 0x87D1041C/,
    );
  });
});

describe('uninstall through Intune against the uninstall prevention of the agent', () => {
  it('the uninstall command of the step removes the agent; a plain msiexec /x is refused', async () => {
    const group = await graph.findGroupByDisplayName('NinjaOne Rollout Devices');
    const ours = await uploadedApp(appParams('Agent removal (ours)'));
    const plain = await uploadedApp(appParams('Agent removal (plain msiexec)'), {
      uninstallCommandLine: `msiexec /x "${appParams('x').installer.productCode}" /qn`,
    });
    for (const appId of [ours, plain]) await graph.addGroupAssignment(appId, group?.id ?? '', 'uninstall');
    // CONTOSO-LT-0105 never got the agent: nothing to remove there.
    expect(await rowStates(ours)).toEqual({ notInstalled: 5 });
    expect(await rowStates(plain)).toEqual({ uninstallFailed: 4, notInstalled: 1 });
  });
});

describe('install state of a report row', () => {
  it('reads the text columns in the forms public consumers show', () => {
    const of = (appInstallState: unknown, appInstallStateLoc: unknown = undefined) =>
      installStateOf({ appInstallState, appInstallStateLoc, installState: 1 });
    expect(of('installed')).toBe('installed');
    expect(of('failed')).toBe('failed');
    expect(of(undefined, 'Installed')).toBe('installed');
    expect(of(undefined, 'Not Installed')).toBe('notInstalled');
    expect(of('notApplicable')).toBe('notApplicable');
    expect(of('pendingInstall')).toBe('pending');
    expect(of('uninstallFailed')).toBe('uninstallFailed');
  });

  it('fails clearly on a value it does not know, or on a numeric code alone', () => {
    expect(() =>
      installStateOf({ appInstallState: 'Installiert', appInstallStateLoc: undefined, installState: 1 }),
    ).toThrow(/AppInstallState "Installiert"/);
    expect(() =>
      installStateOf({ appInstallState: undefined, appInstallStateLoc: undefined, installState: 1 }),
    ).toThrow(ServiceError);
    expect(() =>
      installStateOf({ appInstallState: undefined, appInstallStateLoc: undefined, installState: 1 }),
    ).toThrow(/only InstallState 1 \(its numeric codes are undocumented\)/);
  });
});
