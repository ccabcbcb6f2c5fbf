// ninjaone.reconcile (read-only): Intune's Windows devices against the organization's NinjaOne
// devices, matched by serial number then hostname, listing what is missing on either side.
import { z } from 'zod';
import { defineStep, type Outputs, type StepContext } from '../../../../steps/contract.ts';
import { resolveOrganization } from '../ninjaone-installer/resolve.ts';
import { FleetMatcher } from './match.ts';
import { show } from '../../../../steps/show.ts';

export const NinjaOneReconcileParams = z.strictObject({
  organization: z.string().min(1),
  /** Extra NinjaOne device filter clauses, ANDed with the organization (e.g. `class eq WINDOWS_WORKSTATION`). */
  ninjaFilter: z.string().min(1).optional(),
  intuneOperatingSystem: z.string().min(1).default('Windows'),
  /** Fail verification when this many or more devices are missing on either side (default: report only). */
  failWhenMissingAtLeast: z.number().int().min(1).optional(),
  listLimit: z.number().int().min(1).max(10_000).default(100),
  pageSize: z.number().int().min(10).max(1000).default(1000),
});
export type NinjaOneReconcileParams = z.infer<typeof NinjaOneReconcileParams>;

export async function reconcile(ctx: StepContext, params: NinjaOneReconcileParams): Promise<Outputs> {
  const ninja = await ctx.services.ninjaone();
  const graph = await ctx.services.graph();
  const org = await resolveOrganization(ninja, params.organization);
  const df = `org = ${org.id}${params.ninjaFilter ? ` AND ${params.ninjaFilter}` : ''}`;
  const matcher = new FleetMatcher(params.listLimit);
  for await (const page of ninja.devicePages('devices-detailed', { df, pageSize: params.pageSize })) {
    for (const d of page)
      matcher.addNinjaOne(d.systemName ?? d.displayName ?? String(d.id), d.system?.serialNumber ?? '');
    ctx.log.progress('reading NinjaOne devices');
  }
  for await (const page of graph.managedDevicePages(params.pageSize)) {
    for (const d of page)
      if ((d.operatingSystem ?? '') === params.intuneOperatingSystem)
        matcher.matchIntune(d.deviceName ?? '', d.serialNumber ?? '');
    ctx.log.progress('matching Intune devices');
  }
  const r = matcher.finish();
  return {
    organizationId: org.id,
    ninjaDevices: r.ninjaDevices,
    intuneDevices: r.intuneDevices,
    matchedBySerial: r.matchedBySerial,
    matchedByHostname: r.matchedByHostname,
    missingInNinjaOneCount: r.missingInNinjaOne.count,
    missingInNinjaOne: r.missingInNinjaOne.names,
    missingInIntuneCount: r.missingInIntune.count,
    missingInIntune: r.missingInIntune.names,
  };
}

export const ninjaOneReconcileStep = defineStep<NinjaOneReconcileParams>({
  type: 'ninjaone.reconcile',
  description:
    'Reconcile Intune devices with NinjaOne devices (serial, then hostname) and list what is missing on each side (read-only)',
  params: NinjaOneReconcileParams,
  outputs: [
    'organizationId',
    'ninjaDevices',
    'intuneDevices',
    'matchedBySerial',
    'matchedByHostname',
    'missingInNinjaOneCount',
    'missingInNinjaOne',
    'missingInIntuneCount',
    'missingInIntune',
  ],
  mutating: false,
  async plan(ctx, params) {
    const o = await reconcile(ctx, params);
    return {
      action: 'noop',
      summary: `reconcile Intune with NinjaOne ${params.organization}: ${show(o.missingInNinjaOneCount)} missing in NinjaOne, ${show(o.missingInIntuneCount)} missing in Intune`,
      changes: [],
      calls: [
        { service: 'ninjaone', method: 'GET', target: '/v2/devices-detailed (paged)' },
        { service: 'graph', method: 'GET', target: '/deviceManagement/managedDevices (paged)' },
      ],
      details: [
        `matched ${show(o.matchedBySerial)} by serial, ${show(o.matchedByHostname)} by hostname`,
        `missing in NinjaOne: ${(o.missingInNinjaOne as string[]).join(', ') || 'none'}`,
        `missing in Intune: ${(o.missingInIntune as string[]).join(', ') || 'none'}`,
      ],
      knownOutputs: o,
    };
  },
  async apply(ctx, params) {
    return { outputs: await reconcile(ctx, params), undo: null };
  },
  async verify(ctx, params, outputs) {
    const o = Object.keys(outputs).length > 0 ? outputs : await reconcile(ctx, params);
    const inNinja = o.missingInNinjaOneCount as number;
    const inIntune = o.missingInIntuneCount as number;
    const limit = params.failWhenMissingAtLeast;
    return {
      ok: limit === undefined || Math.max(inNinja, inIntune) < limit,
      checks: [
        `${show(o.intuneDevices)} Intune ${params.intuneOperatingSystem} devices, ${show(o.ninjaDevices)} NinjaOne devices; matched ${show(o.matchedBySerial)} by serial, ${show(o.matchedByHostname)} by hostname`,
        `missing in NinjaOne (${inNinja}): ${(o.missingInNinjaOne as string[]).join(', ') || 'none'}`,
        `missing in Intune (${inIntune}): ${(o.missingInIntune as string[]).join(', ') || 'none'}`,
      ],
    };
  },
});
