// Read-only Intune device data: managed devices (v1.0, paged, including the lazy synthetic fleet)
// and the beta-only per-device install status report of an app (rows: install-report.ts).
import type { SandboxContext } from '../../../../sandbox/context.ts';
import { badRequest } from '../errors.ts';
import { route } from '../keys.ts';
import type { GraphDeps, GraphRouter } from '../types.ts';
import { SEEDED_FLEET, syntheticMember, type FleetMember } from '../../../ninjaone/emulator/fleet.ts';
import type { ManagedDeviceRecord } from './model.ts';
import { READ_INTUNE_APPS } from './routes-apps.ts';
import { reportColumns, reportRow, schemaOf, uninstallRow } from './install-report.ts';
import { syntheticManagedDevice } from './seed.ts';
import { intuneState, requireApp } from './store.ts';

const READ_DEVICES = [
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementManagedDevices.ReadWrite.All',
];
function syntheticCount(ctx: SandboxContext): number {
  return ctx.store.state.ninjaone?.settings.fleet.syntheticDevices ?? 0;
}

/** Devices from a cursor: `e<n>` = n-th stored device, `s<i>` = synthetic device i onwards. */
function devicesFrom(
  ctx: SandboxContext,
  cursor: string,
  top: number,
): { items: ManagedDeviceRecord[]; next?: string } {
  const stored = Object.values(intuneState(ctx).managedDevices).sort((a, b) =>
    a.deviceName.localeCompare(b.deviceName),
  );
  const items: ManagedDeviceRecord[] = [];
  let m = /^e(\d+)$/.exec(cursor);
  let index = m ? Number(m[1]) : stored.length;
  while (m && index < stored.length && items.length < top) items.push(stored[index++]!);
  if (items.length >= top) return { items, next: index < stored.length ? `e${index}` : 's1' };
  m = /^s(\d+)$/.exec(cursor);
  let i = m ? Number(m[1]) : 1;
  const count = syntheticCount(ctx);
  for (; i <= count && items.length < top; i++) {
    const device = syntheticManagedDevice(ctx.store.state.seed, i);
    if (device) items.push(device);
  }
  return i <= count ? { items, next: `s${i}` } : { items };
}

function fleetMemberOf(ctx: SandboxContext, device: ManagedDeviceRecord): FleetMember | undefined {
  const seeded = SEEDED_FLEET.find((m) => m.hostname === device.deviceName);
  if (seeded) return seeded;
  const synthetic = /^CONTOSO-SYN-(\d+)$/.exec(device.deviceName);
  if (synthetic && Number(synthetic[1]) <= syntheticCount(ctx)) return syntheticMember(Number(synthetic[1]));
  return undefined;
}

export function registerIntuneDeviceRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;

  router.add('GET', route('/deviceManagement/managedDevices'), { roles: READ_DEVICES }, (call) => {
    const top = Number(call.query.get('$top') ?? '1000');
    if (!Number.isInteger(top) || top < 1 || top > 1000) throw badRequest('$top must be between 1 and 1000.');
    const token = call.query.get('$skiptoken') ?? 'e0';
    if (!/^[es]\d+$/.test(token)) throw badRequest('Invalid $skiptoken.');
    const page = devicesFrom(ctx, token, top);
    const self = `${deps.graphUrl()}/deviceManagement/managedDevices`;
    return {
      status: 200,
      body: {
        '@odata.context': `${deps.graphUrl()}/$metadata#deviceManagement/managedDevices`,
        value: page.items,
        ...(page.next ? { '@odata.nextLink': `${self}?$top=${top}&$skiptoken=${page.next}` } : {}),
      },
    };
  });

  router.add(
    'POST',
    route('/beta/deviceManagement/reports/getDeviceInstallStatusReport'),
    { roles: READ_INTUNE_APPS },
    (call) => {
      const body = (call.body ?? {}) as { filter?: unknown; skip?: unknown; top?: unknown; select?: unknown };
      const appId = /ApplicationId eq '([0-9a-fA-F-]{36})'/.exec(
        typeof body.filter === 'string' ? body.filter : '',
      )?.[1];
      if (!appId) throw badRequest("The filter must name an application: (ApplicationId eq '<id>').");
      const skip = Number(body.skip ?? 0);
      const top = Number(body.top ?? 50);
      if (!Number.isInteger(skip) || skip < 0 || !Number.isInteger(top) || top < 1 || top > 999)
        throw badRequest('skip must be >= 0 and top between 1 and 999.');
      const columns = reportColumns(body.select);
      const app = requireApp(ctx, appId);
      const rows: unknown[][] = [];
      let total = 0;
      const state = intuneState(ctx);
      // Required and uninstall assignments put devices in the report (uninstall rows say whether
      // the agent came off); a device in both is reported for the first assignment listed.
      const groups = Object.values(state.assignments)
        .filter((a) => a.appId === app.id && (a.intent === 'required' || a.intent === 'uninstall'))
        .flatMap((a) => {
          const group = state.groupMembers[typeof a.target.groupId === 'string' ? a.target.groupId : ''];
          return group ? [{ ...group, uninstall: a.intent === 'uninstall' }] : [];
        });
      const seen = new Set<string>();
      const visit = (device: ManagedDeviceRecord, uninstall: boolean): void => {
        if (seen.has(device.id)) return;
        seen.add(device.id);
        total++;
        if (total <= skip || rows.length >= top) return;
        const member = fleetMemberOf(ctx, device);
        rows.push(
          uninstall
            ? uninstallRow(ctx, app, device, member, columns)
            : reportRow(ctx, app, device, member, columns),
        );
      };
      // Nothing installs before a content version is committed.
      if (app.committedContentVersion !== null) {
        for (const group of groups) {
          for (const id of group.deviceIds) {
            const device = state.managedDevices[id];
            if (device) visit(device, group.uninstall);
          }
          if (group.includesSynthetic)
            for (let i = 1; i <= syntheticCount(ctx); i++) {
              const device = syntheticManagedDevice(ctx.store.state.seed, i);
              if (device) visit(device, group.uninstall);
            }
        }
      }
      return {
        status: 200,
        body: {
          TotalRowCount: total,
          Schema: schemaOf(columns),
          Values: rows,
          SessionId: '',
        },
      };
    },
  );
}
