// Graph's error body and the permission each operation needs (microsoft-api-notes §5), so a 403
// says which permission or role to grant.
import { GraphErrorBody } from './schema.ts';
import { parseJsonOrUndefined, type VendorErrorInfo } from '../http/index.ts';

export function readGraphError(body: string, headers: Headers): VendorErrorInfo {
  const parsed = GraphErrorBody.safeParse(parseJsonOrUndefined(body));
  const inner = parsed.success ? parsed.data.error.innerError : undefined;
  const innerId = inner?.['request-id'] ?? inner?.['requestId'];
  const requestId = headers.get('request-id') ?? (typeof innerId === 'string' ? innerId : undefined);
  return {
    ...(parsed.success && parsed.data.error.code ? { code: parsed.data.error.code } : {}),
    ...(parsed.success && parsed.data.error.message ? { message: parsed.data.error.message } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

const WRITE_APPS =
  'Application.ReadWrite.OwnedBy or Application.ReadWrite.All (app-only), or the Application Administrator role (delegated)';

/** Least-privileged permission per operation prefix; the first matching prefix wins. */
const PERMISSIONS: [string, string][] = [
  ['applications.find', 'Application.Read.All'],
  ['applications.get', 'Application.Read.All'],
  ['applications.', WRITE_APPS],
  ['deletedItems.', WRITE_APPS],
  ['servicePrincipals.get', 'Application.Read.All'],
  ['servicePrincipals.', WRITE_APPS],
  ['appRoleAssignments.list', 'Application.Read.All'],
  [
    'appRoleAssignments.',
    'AppRoleAssignment.ReadWrite.All + Application.Read.All (app-only), or Privileged Role Administrator (delegated, for Microsoft Graph permissions)',
  ],
  ['roleAssignments.list', 'RoleManagement.Read.Directory'],
  ['roleDefinitions.', 'RoleManagement.Read.Directory'],
  [
    'roleAssignments.',
    'RoleManagement.ReadWrite.Directory (app-only), or Privileged Role Administrator (delegated)',
  ],
  ['groups.', 'Group.Read.All'],
  ['signIns.', 'AuditLog.Read.All + Directory.Read.All'],
  ['intuneApps.', 'DeviceManagementApps.ReadWrite.All'],
  ['intuneReports.', 'DeviceManagementApps.Read.All'],
  ['managedDevices.', 'DeviceManagementManagedDevices.Read.All'],
  ['messageTraces.', 'ExchangeMessageTrace.Read.All'],
];

export function graphPermissionHint(operation: string): string | undefined {
  return PERMISSIONS.find(([prefix]) => operation.startsWith(prefix))?.[1];
}
