// Graph's error body and the permission each operation needs (microsoft-api-notes §5), so a 403
// says which permission or role to grant.
import { ServiceError } from '../../../errors.ts';
import { GraphErrorBody } from './schema.ts';
import { parseJsonOrUndefined, type VendorErrorInfo } from '../../../core/http/index.ts';

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

/**
 * Entra replication lag: right after an application is created, other directory replicas may not
 * know it for seconds, and Graph answers with errors that otherwise mean a real mistake:
 * - the service-principal upsert: 400 "The appId '…' of the service principal does not reference
 *   a valid application object." (msgraph-sdk-dotnet#3108; NoBackingApplicationObject);
 * - the app role grant for a new service principal: 400 "Not a valid reference update."
 *   (msgraph-bicep-types#193, where Microsoft added retries on these 400/404s server-side), or
 *   404 Request_ResourceNotFound naming the new principal.
 * Terraform's azuread provider waits out the same lag (hashicorp/terraform-provider-azuread#86).
 * Only these answers, about the object just created, count; any other 400/404 is a real error.
 */
export type ReplicationLagCall =
  | { operation: 'servicePrincipals.upsert'; appId: string }
  | { operation: 'appRoleAssignments.grant'; principalId: string };

export function isReplicationLag(error: unknown, call: ReplicationLagCall): boolean {
  if (!(error instanceof ServiceError) || error.service !== 'graph') return false;
  const { status } = error.details;
  const text = error.message;
  if (call.operation === 'servicePrincipals.upsert')
    return status === 400 && text.includes('does not reference a valid application object');
  if (status === 400) return text.includes('Not a valid reference update');
  return (
    status === 404 &&
    error.details.vendorCode === 'Request_ResourceNotFound' &&
    text.toLowerCase().includes(call.principalId.toLowerCase())
  );
}
