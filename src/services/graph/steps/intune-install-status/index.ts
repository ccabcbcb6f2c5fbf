// intune.install-status (read-only, SOP phase 2 "Intune Deployment Monitoring"): the app's device
// install status and, grouped from it, the user install status, with counts and failing devices.
// Rows are read page by page; only counts and the failing devices are kept.
import { z } from 'zod';
import type { InstallState } from '../../client/intune-install-state.ts';
import { ServiceError } from '../../../../errors.ts';
import { defineStep, type Outputs, type StepContext } from '../../../../steps/contract.ts';
import { show } from '../../../../steps/show.ts';

export const IntuneInstallStatusParams = z.strictObject({
  displayName: z.string().min(1),
  publisher: z.string().min(1).default('NinjaOne'),
  /** Fail verification when more devices than this failed to install (default: report only). */
  maxFailed: z.number().int().min(0).optional(),
  /** How many failing devices to name in the output. */
  listLimit: z.number().int().min(1).max(1000).default(50),
});
export type IntuneInstallStatusParams = z.infer<typeof IntuneInstallStatusParams>;

async function collect(ctx: StepContext, params: IntuneInstallStatusParams): Promise<Outputs> {
  const graph = await ctx.services.graph();
  const app = (await graph.findWin32AppsByName(params.displayName)).find(
    (a) => a.publisher === params.publisher,
  );
  if (!app)
    throw new ServiceError(
      'graph',
      'not-found',
      `No Win32 app ${params.displayName} by ${params.publisher} in Intune`,
      {
        operation: 'intuneApps.findByName',
      },
      { hint: 'Run phase 1 first, or check the app name in the runbook inputs.' },
    );
  const byState: Partial<Record<InstallState, number>> = {};
  const users = new Map<string, InstallState>(); // user -> worst state seen
  const failing: string[] = [];
  let devices = 0;
  for await (const page of graph.deviceInstallStatusPages(app.id)) {
    for (const row of page) {
      devices++;
      byState[row.installState] = (byState[row.installState] ?? 0) + 1;
      if (row.installState === 'failed' && failing.length < params.listLimit)
        failing.push(
          `${row.deviceName} (${row.userPrincipalName}): ${row.installStateDetail} ${row.errorCode}`.trim(),
        );
      const before = users.get(row.userPrincipalName);
      if (before !== 'failed') users.set(row.userPrincipalName, row.installState);
    }
  }
  const userStates: Record<string, number> = {};
  for (const state of users.values()) userStates[state] = (userStates[state] ?? 0) + 1;
  const installed = byState.installed ?? 0;
  const failed = byState.failed ?? 0;
  return {
    appId: app.id,
    devices,
    installed,
    failed,
    // Not installed yet, and not excluded: pending, not installed or unknown.
    pending: devices - installed - failed - (byState.notApplicable ?? 0) - (byState.uninstallFailed ?? 0),
    deviceStates: byState,
    users: users.size,
    userStates,
    failingDevices: failing,
  };
}

export const intuneInstallStatusStep = defineStep<IntuneInstallStatusParams>({
  type: 'intune.install-status',
  description:
    'Report an Intune app’s device and user install status: counts and the failing devices (read-only)',
  params: IntuneInstallStatusParams,
  outputs: [
    'appId',
    'devices',
    'installed',
    'failed',
    'pending',
    'deviceStates',
    'users',
    'userStates',
    'failingDevices',
  ],
  mutating: false,
  async plan(ctx, params) {
    const outputs = await collect(ctx, params);
    return {
      action: 'noop',
      summary: `install status of ${params.displayName}: ${show(outputs.installed)} installed, ${show(outputs.failed)} failed of ${show(outputs.devices)}`,
      changes: [],
      calls: [
        {
          service: 'graph',
          method: 'POST',
          target: '/beta/deviceManagement/reports/getDeviceInstallStatusReport',
        },
      ],
      details: [
        `users: ${
          Object.entries(outputs.userStates as Record<string, number>)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ') || 'none'
        }`,
        ...(outputs.failingDevices as string[]).map((line) => `install failed on ${line}`),
      ],
      knownOutputs: outputs,
    };
  },
  async apply(ctx, params) {
    return { outputs: await collect(ctx, params), undo: null };
  },
  async verify(ctx, params) {
    const o = await collect(ctx, params);
    const failing = o.failingDevices as string[];
    const ok = params.maxFailed === undefined || (o.failed as number) <= params.maxFailed;
    return {
      ok,
      checks: [
        `device install status: ${show(o.installed)} installed, ${show(o.failed)} failed, ${show(o.pending)} pending of ${show(o.devices)} devices`,
        `user install status: ${
          Object.entries(o.userStates as Record<string, number>)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ') || 'no users'
        } (${show(o.users)} users)`,
        ...failing.map((line) => `install failed on ${line}`),
      ],
    };
  },
});
