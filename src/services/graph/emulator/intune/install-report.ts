// The beta getDeviceInstallStatusReport of one app (microsoft-api-notes §3.6): a table of
// `Schema` (column names) and `Values` (rows), paged by skip/top, one row per device targeted by a
// Required assignment. Column forms follow public consumers of the report: InstallState as a
// number (JupiterOne/graph-microsoft-365 types it `number`; 1 installed, 2 failed, as in the CSDL
// installState enum), AppInstallState as text (CIPP's sample row: "installed"), and, returned with
// it though it cannot be selected itself, AppInstallState_loc, the display text ("Installed",
// "Failed"; Learn "Intune reports and properties available using Graph API" lists both).
// Whether a device reports the app installed follows its detection rules against the agent on
// the device, which has updated itself to the newest build NinjaOne serves; under an uninstall
// assignment, whether the uninstall command gets past the agent's uninstall prevention.
// Numeric InstallState codes follow the CSDL installState enum (installed 1, failed 2,
// notInstalled 3, uninstallFailed 4).
import type { SandboxContext } from '../../../../sandbox/context.ts';
import { badRequest } from '../errors.ts';
import { agentFootprint } from '../../../ninjaone/emulator/agent-footprint.ts';
import type { FleetMember } from '../../../ninjaone/emulator/fleet.ts';
import { detected } from './detection.ts';
import type { ManagedDeviceRecord, MobileAppRecord } from './model.ts';

const COLUMNS = [
  'DeviceName',
  'UserPrincipalName',
  'Platform',
  'AppVersion',
  'InstallState',
  'InstallStateDetail',
  'LastModifiedDateTime',
  'DeviceId',
  'ErrorCode',
  'UserName',
  'UserId',
  'ApplicationId',
  'AssignmentFilterIdsList',
  'AppInstallState',
  'AppInstallStateDetails',
  'HexErrorCode',
] as const;
type Column = (typeof COLUMNS)[number] | 'AppInstallState_loc' | 'AppInstallStateDetails_loc';

/** The columns a request gets: what it selected (all when none), each text state with its _loc. */
export function reportColumns(select: unknown): Column[] {
  if (select === undefined || (Array.isArray(select) && select.length === 0)) return expand([...COLUMNS]);
  if (!Array.isArray(select) || select.some((c) => typeof c !== 'string'))
    throw badRequest('select must be a list of column names.');
  const known: readonly string[] = COLUMNS;
  const unknown = (select as string[]).filter((c) => !known.includes(c));
  if (unknown.length > 0) throw badRequest(`Unknown column(s) in select: ${unknown.join(', ')}.`);
  return expand(select as (typeof COLUMNS)[number][]);
}

function expand(columns: (typeof COLUMNS)[number][]): Column[] {
  return columns.flatMap((c): Column[] =>
    c === 'AppInstallState'
      ? [c, 'AppInstallState_loc']
      : c === 'AppInstallStateDetails'
        ? [c, 'AppInstallStateDetails_loc']
        : [c],
  );
}

/** Intune's error for an install that exited 0 but whose detection rules do not find the app. */
const NOT_DETECTED = {
  code: -2016345060,
  hex: '0x87D1041C',
  text: 'The application was not detected after installation completed successfully',
};
/** msiexec 1603 as the report shows it (an MSI that failed to install on that device). */
const FATAL = { code: -2147023293, hex: '0x80070643', text: 'Fatal error during installation' };

interface Outcome {
  code: number;
  state: string;
  display: string;
  failure: { code: number; hex: string; text: string } | undefined;
}

function row(
  ctx: SandboxContext,
  app: MobileAppRecord,
  device: ManagedDeviceRecord,
  outcome: Outcome,
  columns: Column[],
): unknown[] {
  const { failure } = outcome;
  const cell: Record<Column, unknown> = {
    DeviceName: device.deviceName,
    UserPrincipalName: device.userPrincipalName,
    Platform: 'Windows',
    AppVersion: String((app.msiInformation as { productVersion?: string } | undefined)?.productVersion ?? ''),
    InstallState: outcome.code,
    // The numeric detail codes are undocumented; the text is in AppInstallStateDetails.
    InstallStateDetail: 0,
    LastModifiedDateTime: new Date(ctx.now()).toISOString(),
    DeviceId: device.id,
    ErrorCode: failure?.code ?? 0,
    UserName: device.userPrincipalName.split('@')[0] ?? '',
    UserId: '',
    ApplicationId: app.id,
    AssignmentFilterIdsList: '',
    AppInstallState: outcome.state,
    AppInstallState_loc: outcome.display,
    AppInstallStateDetails: failure ? 'failed' : 'noAdditionalDetails',
    AppInstallStateDetails_loc: failure?.text ?? 'No additional details',
    HexErrorCode: failure?.hex ?? '0x0',
  };
  return columns.map((c) => cell[c]);
}

/** The agent on a device that got it: the newest build, as agents update themselves. */
function agentOn(ctx: SandboxContext, member: FleetMember | undefined) {
  const ninja = ctx.store.state.ninjaone;
  const agentSettings = ninja?.settings.agent ?? {};
  const organization = member ? (ninja?.organizations[member.organizationId]?.name ?? '') : '';
  return member && !member.installFails
    ? agentFootprint(
        ctx.store.state.seed,
        organization,
        agentSettings.version ?? '5.0.0',
        agentSettings.payloadBytes ?? 0,
      )
    : undefined;
}

/** A Required assignment's row: installed when every detection rule finds the agent. */
export function reportRow(
  ctx: SandboxContext,
  app: MobileAppRecord,
  device: ManagedDeviceRecord,
  member: FleetMember | undefined,
  columns: Column[],
): unknown[] {
  const failure = member?.installFails
    ? FATAL
    : detected(app.rules, agentOn(ctx, member))
      ? undefined
      : NOT_DETECTED;
  return row(
    ctx,
    app,
    device,
    failure
      ? { code: 2, state: 'failed', display: 'Failed', failure }
      : { code: 1, state: 'installed', display: 'Installed', failure },
    columns,
  );
}

/**
 * An uninstall assignment's row. The agent's uninstall prevention refuses a removal that does not
 * first run `NinjaRMMAgent.exe -disableUninstallPrevention` (vendor-api-notes §4.4). How a refused
 * msiexec /x fails is not documented; it is shown as msiexec's fatal error 1603.
 */
export function uninstallRow(
  ctx: SandboxContext,
  app: MobileAppRecord,
  device: ManagedDeviceRecord,
  member: FleetMember | undefined,
  columns: Column[],
): unknown[] {
  const command = typeof app.uninstallCommandLine === 'string' ? app.uninstallCommandLine : '';
  const prevented = agentOn(ctx, member) !== undefined && !/-disableUninstallPrevention\b/i.test(command);
  return row(
    ctx,
    app,
    device,
    prevented
      ? { code: 4, state: 'uninstallFailed', display: 'Uninstall failed', failure: FATAL }
      : { code: 3, state: 'notInstalled', display: 'Not installed', failure: undefined },
    columns,
  );
}

export function schemaOf(columns: Column[]): { Column: string; PropertyType: string }[] {
  return columns.map((Column) => ({
    Column,
    PropertyType:
      Column === 'ErrorCode' || Column === 'InstallState' || Column === 'InstallStateDetail'
        ? 'Int32'
        : 'String',
  }));
}
