// Which app roles a route accepts (any one suffices), after the Graph API permission tables.
// Application.ReadWrite.OwnedBy is accepted for writes without checking ownership (a simplification).
export const READ_APPS = [
  'Application.Read.All',
  'Application.ReadWrite.All',
  'Application.ReadWrite.OwnedBy',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;
export const WRITE_APPS = [
  'Application.ReadWrite.All',
  'Application.ReadWrite.OwnedBy',
  'Directory.ReadWrite.All',
] as const;
export const WRITE_APP_ROLE_ASSIGNMENTS = ['AppRoleAssignment.ReadWrite.All'] as const;
export const READ_ROLE_MANAGEMENT = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.Read.All',
] as const;
export const WRITE_ROLE_MANAGEMENT = ['RoleManagement.ReadWrite.Directory'] as const;
export const READ_GROUPS = [
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;
export const READ_USERS = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;
export const READ_ORGANIZATION = [
  'Organization.Read.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'User.Read.All',
] as const;
export const READ_AUDIT_LOGS = ['AuditLog.Read.All'] as const;
