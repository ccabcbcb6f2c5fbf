// What apply must change, computed from params and observed state. Pure, so plan and apply
// cannot disagree about it.
import type { AppRoleAssignment, RequiredResourceAccess } from '../../client/client.ts';
import type { Observed, ResolvedPermission } from './observe.ts';
import type { EntraAppRegistrationParams } from './params.ts';

export interface Drift {
  createApp: boolean;
  /** Manifest after apply: our resource's Role entries replaced, everything else kept. */
  desiredAccess: RequiredResourceAccess[];
  accessChanged: boolean;
  renamed: boolean;
  addedPermissions: ResolvedPermission[];
  /** Roles in the manifest that are no longer requested: appRoleId and name (or id). */
  removedPermissions: { appRoleId: string; name: string }[];
  createServicePrincipal: boolean;
  grants: ResolvedPermission[];
  revokes: AppRoleAssignment[];
  newSecret: boolean;
  assignRole: boolean;
}

export function computeDrift(params: EntraAppRegistrationParams, observed: Observed): Drift {
  const { app, permissions, resource } = observed;
  const current = app?.requiredResourceAccess ?? [];
  const entry = current.find((r) => r.resourceAppId === params.resource);
  const currentRoles = (entry?.resourceAccess ?? []).filter((a) => a.type === 'Role').map((a) => a.id);
  const wanted = new Set(permissions.map((p) => p.appRoleId));
  const keptScopes = (entry?.resourceAccess ?? []).filter((a) => a.type !== 'Role');
  const resourceAccess = [...keptScopes, ...permissions.map((p) => ({ id: p.appRoleId, type: 'Role' }))];
  const others = current.filter((r) => r.resourceAppId !== params.resource);
  const desiredAccess =
    resourceAccess.length > 0 ? [...others, { resourceAppId: params.resource, resourceAccess }] : others;

  const nameOf = (id: string) => resource.appRoles.find((r) => r.id === id)?.value ?? id;
  const addedPermissions = permissions.filter((p) => !currentRoles.includes(p.appRoleId));
  const removedPermissions = currentRoles
    .filter((id) => !wanted.has(id))
    .map((id) => ({ appRoleId: id, name: nameOf(id) }));

  const granted = new Set(observed.assignments.map((a) => a.appRoleId));
  const grants = params.adminConsent ? permissions.filter((p) => !granted.has(p.appRoleId)) : [];
  // Consent given for a permission the runbook no longer asks for would keep the access alive.
  const revokes = params.adminConsent ? observed.assignments.filter((a) => !wanted.has(a.appRoleId)) : [];

  const secret = observed.secret;
  return {
    createApp: app === undefined,
    desiredAccess,
    accessChanged:
      app === undefined ? desiredAccess.length > 0 : addedPermissions.length + removedPermissions.length > 0,
    renamed: app !== undefined && app.displayName !== params.displayName,
    addedPermissions,
    removedPermissions,
    createServicePrincipal: observed.servicePrincipal === undefined,
    grants,
    revokes,
    newSecret: params.secret !== undefined && !(secret?.valid && secret.inStore),
    assignRole: observed.roleDefinitionId !== undefined && observed.roleAssignment === undefined,
  };
}

export function hasChanges(drift: Drift): boolean {
  return (
    drift.createApp ||
    drift.accessChanged ||
    drift.renamed ||
    drift.createServicePrincipal ||
    drift.grants.length > 0 ||
    drift.revokes.length > 0 ||
    drift.newSecret ||
    drift.assignRole
  );
}
