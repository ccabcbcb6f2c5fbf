// Application permissions (app roles) of the first-party resources the SOP uses. The ids are the
// same in every tenant; sources are in ../shared/reference/microsoft-api-notes.md §1.1 unless a
// comment says otherwise. Descriptions follow Microsoft's wording for each permission.
import type { AppRoleRecord } from '../state/model.ts';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const EXCHANGE_RESOURCE = 'https://outlook.office365.com';

function role(id: string, value: string, displayName: string, description: string): AppRoleRecord {
  return {
    allowedMemberTypes: ['Application'],
    description,
    displayName,
    id,
    isEnabled: true,
    origin: 'Application',
    value,
  };
}

export const GRAPH_APP_ROLES: AppRoleRecord[] = [
  role(
    'df021288-bdef-4463-88db-98f22de89214',
    'User.Read.All',
    "Read all users' full profiles",
    'Allows the app to read user profiles without a signed in user.',
  ),
  role(
    '5b567255-7703-4780-807c-7be8301ae99b',
    'Group.Read.All',
    'Read all groups',
    'Allows the app to read group properties and memberships, and read conversations for all groups, without a signed-in user.',
  ),
  role(
    '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
    'Directory.Read.All',
    'Read directory data',
    "Allows the app to read data in your organization's directory, such as users, groups and apps, without a signed-in user.",
  ),
  role(
    'e2a3a72e-5f79-4c64-b1b1-878b674786c9',
    'Mail.ReadWrite',
    'Read and write mail in all mailboxes',
    'Allows the app to create, read, update, and delete mail in all mailboxes without a signed-in user. Does not include permission to send mail.',
  ),
  role(
    '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
    'Application.ReadWrite.All',
    'Read and write all applications',
    'Allows the app to create, read, update and delete applications and service principals without a signed-in user. Does not allow management of consent grants.',
  ),
  role(
    '18a4783c-866b-4cc7-a460-3d5e5662c884',
    'Application.ReadWrite.OwnedBy',
    'Manage apps that this app creates or owns',
    'Allows the app to create other applications, and fully manage those applications (read, update, update application secrets and delete), without a signed-in user. It cannot update any apps that it is not an owner of.',
  ),
  role(
    '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
    'Application.Read.All',
    'Read all applications',
    'Allows the app to read all applications and service principals without a signed-in user.',
  ),
  role(
    '06b708a9-e830-4db3-a914-8e69da51d44f',
    'AppRoleAssignment.ReadWrite.All',
    'Manage app permission grants and app role assignments',
    'Allows the app to manage permission grants for application permissions to any API (including Microsoft Graph) and application assignments for any app, without a signed-in user.',
  ),
  role(
    '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
    'RoleManagement.ReadWrite.Directory',
    'Read and write all directory RBAC settings',
    "Allows the app to read and manage the role-based access control (RBAC) settings for your company's directory, without a signed-in user. This includes instantiating directory roles and managing directory role membership, and reading directory role templates, directory roles and memberships.",
  ),
  role(
    '78145de6-330d-4800-a6ce-494ff2d33d07',
    'DeviceManagementApps.ReadWrite.All',
    'Read and write Microsoft Intune apps',
    'Allows the app to read and write the properties, group assignments and status of apps, app configurations and app protection policies managed by Microsoft Intune, without a signed-in user.',
  ),
  role(
    '7a6ee1e7-141e-4cec-ae74-d9db155731ff',
    'DeviceManagementApps.Read.All',
    'Read Microsoft Intune apps',
    'Allows the app to read the properties, group assignments and status of apps, app configurations and app protection policies managed by Microsoft Intune, without a signed-in user.',
  ),
  role(
    '2f51be20-0bb4-4fed-bf7b-db946066c75e',
    'DeviceManagementManagedDevices.Read.All',
    'Read Microsoft Intune devices',
    'Allows the app to read the properties of devices managed by Microsoft Intune, without a signed-in user.',
  ),
  // AuditLog.Read.All: not in the reference notes; this id is the one published in Microsoft's
  // permissions reference and used across many public app manifests (b0afded3-…).
  role(
    'b0afded3-3588-46d8-8b3d-9842eff778da',
    'AuditLog.Read.All',
    'Read all audit log data',
    'Allows the app to read and query your audit log activities, without a signed-in user.',
  ),
  // ExchangeMessageTrace.Read.All: its real id is NOT published (microsoft-api-notes.md §1.1 says to
  // resolve it at run time). This GUID is a sandbox placeholder, not Microsoft's id; code must look
  // the role up by value, which is exactly what the sandbox lets it prove.
  role(
    '5f1c3e7a-96d2-4b0e-8a4f-0c2d7b9e6a31',
    'ExchangeMessageTrace.Read.All',
    'Read message trace data',
    'Allows the app to read message trace data for your organization, without a signed-in user.',
  ),
];

export const EXCHANGE_APP_ROLES: AppRoleRecord[] = [
  role(
    'dc50a0fb-09a3-484d-be87-e023b12c6440',
    'Exchange.ManageAsApp',
    'Manage Exchange As Application',
    "Allows the app to manage the organization's Exchange environment without any user interaction. This includes mailboxes, groups, and other configuration objects. To enable management actions, an admin must assign the appropriate roles directly to the app.",
  ),
];

/** Graph roles the tool's automation app holds in the seeded tenant (issue 3 and §5 of the notes). */
export const AUTOMATION_GRAPH_ROLES = [
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'Application.Read.All',
  'Directory.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'DeviceManagementApps.ReadWrite.All',
  'AuditLog.Read.All',
];
export const AUTOMATION_EXCHANGE_ROLES = ['Exchange.ManageAsApp'];
