// The install state of one row of the beta getDeviceInstallStatusReport, in one vocabulary.
// Microsoft documents the report's columns (Learn "Intune reports and properties available using
// Graph API": DeviceInstallStatusByApp has AppInstallState, AppInstallState_loc,
// AppInstallStateDetails, AppInstallStateDetails_loc, HexErrorCode) but not their values. Public
// consumers show InstallState as a number (JupiterOne/graph-microsoft-365 `InstallState: number`),
// AppInstallState as text (CIPP's sample row: "installed") and AppInstallState_loc as display text
// ("Installed", "Failed"). The text columns are read, in that order; a state only given as a
// number, or text not listed here, fails clearly rather than being guessed.
import { ServiceError } from '../../../errors.ts';

export type InstallState =
  'installed' | 'failed' | 'pending' | 'notInstalled' | 'notApplicable' | 'uninstallFailed' | 'unknown';

/** Text forms, compared without case, spaces or punctuation (camelCase codes and display text). */
const TEXT: Record<string, InstallState> = {
  installed: 'installed',
  failed: 'failed',
  error: 'failed',
  installfailed: 'failed',
  pending: 'pending',
  pendinginstall: 'pending',
  installpending: 'pending',
  notinstalled: 'notInstalled',
  notapplicable: 'notApplicable',
  uninstallfailed: 'uninstallFailed',
  unknown: 'unknown',
};

export function installStateOf(cells: {
  appInstallState: unknown;
  appInstallStateLoc: unknown;
  installState: unknown;
}): InstallState {
  for (const value of [cells.appInstallState, cells.appInstallStateLoc]) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    const state = TEXT[value.toLowerCase().replace(/[^a-z]/g, '')];
    if (state) return state;
    throw unknownState(`AppInstallState "${value}"`);
  }
  throw unknownState(
    cells.installState === undefined || cells.installState === null
      ? 'no AppInstallState column'
      : `only InstallState ${JSON.stringify(cells.installState)} (its numeric codes are undocumented)`,
  );
}

function unknownState(what: string): ServiceError {
  return new ServiceError(
    'graph',
    'bad-request',
    `The Intune install status report returned ${what}; sop-integrate cannot tell whether the app is installed`,
    { operation: 'intuneReports.deviceInstallStatus' },
    {
      hint: 'Report this value (with the report row) so it can be added; check the app in the Intune admin center meanwhile.',
    },
  );
}
