// ninjaone.devices (read-only, SOP phase 2 "NinjaOne Console Verification"): the organization's
// devices (optionally one location) are there, with OS, hardware and last contact populated.
// Streams devices-detailed pages; keeps counts and the names of incomplete devices only.
import { z } from 'zod';
import { defineStep, type Outputs, type StepContext } from '../../../../steps/contract.ts';
import { resolveLocation, resolveOrganization } from '../ninjaone-installer/resolve.ts';
import { show } from '../../../../steps/show.ts';

export const NinjaOneDevicesParams = z.strictObject({
  organization: z.string().min(1),
  location: z.string().min(1).optional(),
  /** Fail when fewer devices than this are present. */
  minDevices: z.number().int().min(0).default(1),
  listLimit: z.number().int().min(1).max(1000).default(50),
});
export type NinjaOneDevicesParams = z.infer<typeof NinjaOneDevicesParams>;

async function collect(ctx: StepContext, params: NinjaOneDevicesParams): Promise<Outputs> {
  const ninja = await ctx.services.ninjaone();
  const org = await resolveOrganization(ninja, params.organization);
  const location = params.location ? await resolveLocation(ninja, org, params.location) : undefined;
  const df = `org = ${org.id}${location ? ` AND loc = ${location.id}` : ''}`;
  let devices = 0;
  let complete = 0;
  let offline = 0;
  const incomplete: string[] = [];
  const classes: Record<string, number> = {};
  for await (const page of ninja.devicePages('devices-detailed', { df })) {
    for (const d of page) {
      devices++;
      if (d.offline) offline++;
      classes[d.nodeClass ?? 'UNKNOWN'] = (classes[d.nodeClass ?? 'UNKNOWN'] ?? 0) + 1;
      const missing = [
        ...(d.os?.name ? [] : ['OS']),
        ...(d.system?.model || d.system?.manufacturer ? [] : ['hardware']),
        ...(d.lastContact ? [] : ['last contact']),
      ];
      if (missing.length === 0) complete++;
      else if (incomplete.length < params.listLimit)
        incomplete.push(`${d.systemName ?? d.displayName ?? d.id}: no ${missing.join(', ')}`);
    }
  }
  return {
    organizationId: org.id,
    locationId: location?.id ?? null,
    filter: df,
    devices,
    complete,
    offline,
    nodeClasses: classes,
    incompleteDevices: incomplete,
  };
}

export const ninjaOneDevicesStep = defineStep<NinjaOneDevicesParams>({
  type: 'ninjaone.devices',
  description:
    'Check that devices appear in NinjaOne under the organization/location with details populated (read-only)',
  params: NinjaOneDevicesParams,
  outputs: [
    'organizationId',
    'locationId',
    'filter',
    'devices',
    'complete',
    'offline',
    'nodeClasses',
    'incompleteDevices',
  ],
  mutating: false,
  async plan(ctx, params) {
    const o = await collect(ctx, params);
    return {
      action: 'noop',
      summary: `NinjaOne ${params.organization}${params.location ? ` / ${params.location}` : ''}: ${show(o.devices)} devices, ${show(o.complete)} with full details`,
      changes: [],
      calls: [{ service: 'ninjaone', method: 'GET', target: `/v2/devices-detailed?df=${show(o.filter)}` }],
      knownOutputs: o,
    };
  },
  async apply(ctx, params) {
    return { outputs: await collect(ctx, params), undo: null };
  },
  async verify(ctx, params) {
    const o = await collect(ctx, params);
    const incomplete = o.incompleteDevices as string[];
    return {
      ok: (o.devices as number) >= params.minDevices && incomplete.length === 0,
      checks: [
        `${show(o.devices)} device(s) under ${params.organization}${params.location ? ` / ${params.location}` : ''} (at least ${params.minDevices} expected), ${show(o.offline)} offline`,
        `${show(o.complete)} with OS, hardware and last contact populated`,
        ...incomplete.map((line) => `incomplete: ${line}`),
      ],
    };
  },
});
