// Read-only Intune data for validation: managed devices streamed page by page (v1.0), and the
// per-device install status of an app, which only the beta reports API offers
// (getDeviceInstallStatusReport is absent from v1.0; microsoft-api-notes §3.6).
import { throwInvalid } from '../../../core/http/index.ts';
import type { GraphHttp } from './http.ts';
import { installStateOf, type InstallState } from './intune-install-state.ts';
import { ManagedDevicePage, ReportTable, type ManagedDevice } from './intune-schema.ts';

export interface DeviceInstallStatus {
  deviceName: string;
  deviceId: string;
  userPrincipalName: string;
  installState: InstallState;
  installStateDetail: string;
  errorCode: string;
  appVersion: string;
}

/** CIPP's select for this report (microsoft-api-notes §3.6); AppInstallState brings its _loc with it. */
const REPORT_SELECT = [
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
];

export function intuneReportsApi(http: GraphHttp, beta: GraphHttp, graphBaseUrl: string) {
  const versionBase = `${graphBaseUrl.replace(/\/+$/, '')}/v1.0`;
  return {
    /** Managed devices one page at a time (`@odata.nextLink`), so 100k devices never sit in memory. */
    async *managedDevicePages(pageSize = 1000): AsyncGenerator<ManagedDevice[]> {
      let path = '/deviceManagement/managedDevices';
      let query: Record<string, string> = {
        $top: String(pageSize),
        $select: 'id,deviceName,serialNumber,operatingSystem,userPrincipalName',
      };
      for (;;) {
        const page = await http.json(
          { operation: 'managedDevices.list', method: 'GET', path, query },
          ManagedDevicePage,
        );
        if (page.value.length > 0) yield page.value;
        const next = page['@odata.nextLink'];
        if (!next) return;
        // A next link elsewhere would receive our token: refuse it.
        if (!next.startsWith(`${versionBase}/`))
          throwInvalid(
            { service: 'graph', operation: 'managedDevices.list' },
            '@odata.nextLink points outside Graph',
          );
        const url = new URL(next);
        path = url.pathname.slice(new URL(versionBase).pathname.length);
        query = Object.fromEntries(url.searchParams);
      }
    },

    /** Every device row of an app's install status (beta report, paged by skip/top). */
    async *deviceInstallStatusPages(appId: string, pageSize = 500): AsyncGenerator<DeviceInstallStatus[]> {
      for (let skip = 0; ; skip += pageSize) {
        const table = await beta.json(
          {
            operation: 'intuneReports.deviceInstallStatus',
            method: 'POST',
            path: '/deviceManagement/reports/getDeviceInstallStatusReport',
            body: {
              select: REPORT_SELECT,
              skip,
              top: pageSize,
              filter: `(ApplicationId eq '${appId}')`,
              orderBy: [],
            },
            idempotent: true, // a report query changes nothing
          },
          ReportTable,
        );
        const column = new Map(table.Schema.map((c, i) => [c.Column, i]));
        const raw = (row: unknown[], name: string) => {
          const i = column.get(name);
          return i === undefined ? undefined : row[i];
        };
        const cell = (row: unknown[], name: string) => {
          const value = raw(row, name);
          if (typeof value === 'string') return value;
          if (typeof value === 'number' || typeof value === 'boolean') return String(value);
          return value === undefined || value === null ? '' : JSON.stringify(value);
        };
        const rows = table.Values.map((row) => ({
          deviceName: cell(row, 'DeviceName'),
          deviceId: cell(row, 'DeviceId'),
          userPrincipalName: cell(row, 'UserPrincipalName'),
          installState: installStateOf({
            appInstallState: raw(row, 'AppInstallState'),
            appInstallStateLoc: raw(row, 'AppInstallState_loc'),
            installState: raw(row, 'InstallState'),
          }),
          // The display text of the detail; its numeric InstallStateDetail codes are undocumented.
          installStateDetail: cell(row, 'AppInstallStateDetails_loc') || cell(row, 'AppInstallStateDetails'),
          errorCode: cell(row, 'HexErrorCode') || cell(row, 'ErrorCode'),
          appVersion: cell(row, 'AppVersion'),
        }));
        if (rows.length > 0) yield rows;
        if (rows.length < pageSize) return;
      }
    },
  };
}
