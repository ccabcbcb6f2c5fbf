// ninjaone.remote-action (SOP phase 2 "Test a simple remote action"): runs a built-in action or a
// script on one chosen device through the API and waits for its activity's result.
import { z } from 'zod';
import { ServiceError } from '../../errors.ts';
import type { Device, NinjaOneClient } from '../../adapters/ninjaone/index.ts';
import { defineStep, type StepContext } from '../contract.ts';
import { resolveOrganization } from '../ninjaone-installer/resolve.ts';
import { show } from '../ninjaone-installer/show.ts';

export const NinjaOneRemoteActionParams = z
  .strictObject({
    organization: z.string().min(1),
    /** Device id, or its system/display name. */
    device: z.string().min(1),
    actionUid: z.uuid().optional(),
    scriptId: z.number().int().positive().optional(),
    parameters: z.string().optional(),
    runAs: z.string().default('system'),
    timeoutSeconds: z.number().int().min(5).max(3600).default(300),
  })
  .refine((p) => (p.actionUid === undefined) !== (p.scriptId === undefined), {
    message: 'give exactly one of actionUid (a built-in action) or scriptId',
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

const describe = (p: NinjaOneRemoteActionParams) =>
  p.actionUid ? `built-in action ${p.actionUid}` : `script ${String(p.scriptId)}`;

export const ninjaOneRemoteActionStep = defineStep<NinjaOneRemoteActionParams>({
  type: 'ninjaone.remote-action',
  description: 'Run a built-in action or script on one NinjaOne device and wait for its result',
  params: NinjaOneRemoteActionParams,
  outputs: ['deviceId', 'activityId', 'statusCode', 'result'],
  mutating: true,
  irreversible:
    'an action that ran on a device cannot be taken back; choose a harmless one (e.g. refresh inventory)',
  async plan(ctx, params) {
    const device = await findDevice(ctx, await ctx.services.ninjaone(), params);
    return {
      action: 'create',
      summary: `run ${describe(params)} on ${device.systemName ?? device.id} and wait for the result`,
      changes: [{ path: `device[${device.id}].activity`, before: null, after: describe(params) }],
      calls: [
        { service: 'ninjaone', method: 'POST', target: `/v2/device/${device.id}/script/run` },
        { service: 'ninjaone', method: 'GET', target: `/v2/device/${device.id}/activities (until finished)` },
      ],
      details: [
        `device ${device.systemName ?? ''} is ${device.offline ? 'OFFLINE: the action will wait for it' : 'online'}`,
      ],
    };
  },
  async apply(ctx, params) {
    const ninja = await ctx.services.ninjaone();
    const device = await findDevice(ctx, ninja, params);
    const base = { ...(params.parameters ? { parameters: params.parameters } : {}), runAs: params.runAs };
    const activity = await ninja.runAndWait(
      device.id,
      params.actionUid
        ? { type: 'ACTION', uid: params.actionUid, ...base }
        : { type: 'SCRIPT', id: params.scriptId ?? 0, ...base },
      {
        timeoutMs: params.timeoutSeconds * 1000,
        intervalMs: 2_000,
        sleep: (ms) => ctx.sleep(ms),
        now: () => ctx.now(),
      },
    );
    ctx.log.info(
      `${describe(params)} on ${device.systemName ?? device.id}: ${activity.statusCode ?? '?'} ${activity.activityResult ?? ''}`,
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
        `${describe(params)} on device ${show(outputs.deviceId)}: ${show(outputs.statusCode)} ${show(outputs.result)} (activity ${show(outputs.activityId)})`,
      ],
    };
  },
});
