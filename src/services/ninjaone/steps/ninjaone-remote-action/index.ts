// ninjaone.remote-action (SOP phase 2 "Test a simple remote action"): runs a built-in action or a
// library script, named as the operator sees it in NinjaOne, on one chosen device through the API
// and waits for its activity's result. The name is looked up in the device's scripting options
// (GET /v2/device/{id}/scripting/options) at plan and at apply: ids differ between tenants.
import { z } from 'zod';
import { ServiceError } from '../../../../errors.ts';
import type { Device, NinjaOneClient, RunRequest, ScriptOption } from '../../client/index.ts';
import { defineStep, type StepContext } from '../../../../steps/contract.ts';
import { resolveOrganization } from '../ninjaone-installer/resolve.ts';
import { show } from '../../../../steps/show.ts';

export const NinjaOneRemoteActionParams = z.strictObject({
  organization: z.string().min(1),
  /** Device id, or its system/display name. */
  device: z.string().min(1),
  /** Name of a built-in action or library script as the device's scripting options list it. */
  action: z.string().trim().min(1),
  parameters: z.string().optional(),
  runAs: z.string().default('system'),
  timeoutSeconds: z.number().int().min(5).max(3600).default(300),
});
export type NinjaOneRemoteActionParams = z.infer<typeof NinjaOneRemoteActionParams>;

async function findDevice(
  ctx: StepContext,
  ninja: NinjaOneClient,
  params: NinjaOneRemoteActionParams,
): Promise<Device> {
  const org = await resolveOrganization(ninja, params.organization);
  if (/^\d+$/.test(params.device)) {
    const device = await ninja.getDevice(Number(params.device));
    if (device && device.organizationId === org.id) return device;
  } else {
    const wanted = params.device.toUpperCase();
    for await (const page of ninja.devicePages('devices', { df: `org = ${org.id}` })) {
      const hit = page.find((d) =>
        [d.systemName, d.displayName].some((n) => (n ?? '').toUpperCase() === wanted),
      );
      if (hit) return hit;
    }
  }
  throw new ServiceError(
    'ninjaone',
    'not-found',
    `No device ${params.device} in NinjaOne organization ${org.name}`,
    {
      operation: 'devices.find',
    },
    { hint: 'Name a device that received the agent (see the ninjaone.devices step), by id or system name.' },
  );
}

/** The entry named `action` (case-insensitive; one exact-case match wins a tie), else an error listing names. */
async function findAction(
  ninja: NinjaOneClient,
  device: Device,
  action: string,
): Promise<ScriptOption & { runnable: RunRequest }> {
  const options = await ninja.scriptingOptions(device.id);
  const matches = options.filter((o) => o.name.toLowerCase() === action.toLowerCase());
  const exact = matches.filter((o) => o.name === action);
  const chosen = matches.length === 1 ? matches : exact;
  const [entry] = chosen;
  if (chosen.length > 1)
    throw new ServiceError(
      'ninjaone',
      'conflict',
      `${chosen.length} scripting options of device ${device.systemName ?? device.id} are named ${action}`,
      { operation: 'device.scriptingOptions' },
      { hint: 'Rename one of them in the NinjaOne script library, then run again.' },
    );
  const runnable: RunRequest | undefined =
    entry?.type === 'ACTION' && entry.uid
      ? { type: 'ACTION', uid: entry.uid }
      : entry?.type === 'SCRIPT' && typeof entry.id === 'number'
        ? { type: 'SCRIPT', id: entry.id }
        : undefined;
  if (!entry || !runnable)
    throw new ServiceError(
      'ninjaone',
      'not-found',
      `Device ${device.systemName ?? device.id} has no action or script named ${action}`,
      { operation: 'device.scriptingOptions' },
      {
        hint: `Set the runbook's action to one of: ${options
          .map((o) => o.name)
          .slice(0, 15)
          .join(', ')}${options.length > 15 ? ', …' : ''}.`,
      },
    );
  return { ...entry, runnable };
}

const describe = (entry: ScriptOption) =>
  `${entry.type === 'ACTION' ? 'built-in action' : 'script'} "${entry.name}"`;

export const ninjaOneRemoteActionStep = defineStep<NinjaOneRemoteActionParams>({
  type: 'ninjaone.remote-action',
  description: 'Run a built-in action or script on one NinjaOne device and wait for its result',
  params: NinjaOneRemoteActionParams,
  outputs: ['deviceId', 'activityId', 'statusCode', 'result'],
  mutating: true,
  irreversible:
    'an action that ran on a device cannot be taken back; choose a harmless one (e.g. refresh inventory)',
  async plan(ctx, params) {
    const ninja = await ctx.services.ninjaone();
    const device = await findDevice(ctx, ninja, params);
    const entry = await findAction(ninja, device, params.action);
    return {
      action: 'create',
      summary: `run ${describe(entry)} on ${device.systemName ?? device.id} and wait for the result`,
      changes: [{ path: `device[${device.id}].activity`, before: null, after: describe(entry) }],
      calls: [
        { service: 'ninjaone', method: 'GET', target: `/v2/device/${device.id}/scripting/options` },
        { service: 'ninjaone', method: 'POST', target: `/v2/device/${device.id}/script/run` },
        { service: 'ninjaone', method: 'GET', target: `/v2/device/${device.id}/activities (until finished)` },
      ],
      details: [
        `device ${device.systemName ?? ''} is ${device.offline ? 'OFFLINE: the action will wait for it' : 'online'}`,
        `${describe(entry)} is ${entry.type === 'ACTION' ? `uid ${entry.uid ?? ''}` : `id ${String(entry.id)}`} in this tenant; its result is the newest ${entry.type === 'ACTION' ? 'ACTION' : 'SCRIPTING'} activity after the run that names it`,
      ],
    };
  },
  async apply(ctx, params) {
    const ninja = await ctx.services.ninjaone();
    const device = await findDevice(ctx, ninja, params);
    const entry = await findAction(ninja, device, params.action);
    const extra = { ...(params.parameters ? { parameters: params.parameters } : {}), runAs: params.runAs };
    const activity = await ninja.runAndWait(
      device.id,
      { ...entry.runnable, ...extra },
      { name: entry.name },
      {
        timeoutMs: params.timeoutSeconds * 1000,
        intervalMs: 2_000,
        sleep: (ms) => ctx.sleep(ms),
        now: () => ctx.now(),
      },
    );
    ctx.log.info(
      `${describe(entry)} on ${device.systemName ?? device.id}: ${activity.statusCode ?? '?'} ${activity.activityResult ?? ''}`,
    );
    return {
      outputs: {
        deviceId: device.id,
        activityId: activity.id,
        statusCode: activity.statusCode ?? '',
        result: activity.activityResult ?? '',
      },
      undo: null,
    };
  },
  async verify(_ctx, params, outputs) {
    const ok = outputs.statusCode === 'COMPLETED' && outputs.result === 'SUCCESS';
    return {
      ok,
      checks: [
        `${params.action} on device ${show(outputs.deviceId)}: ${show(outputs.statusCode)} ${show(outputs.result)} (activity ${show(outputs.activityId)})`,
      ],
    };
  },
});
