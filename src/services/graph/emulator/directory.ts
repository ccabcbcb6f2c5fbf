// Directory operations on the state: lookups by key, create, soft delete with cascade, restore, purge.
import type { SandboxContext } from '../../../sandbox/context.ts';
import { seededOpaqueId } from '../../../sandbox/ids.ts';
import type {
  ApplicationRecord,
  DeletedItemRecord,
  DirectoryState,
  ServicePrincipalRecord,
} from '../../../sandbox/state/model.ts';
import { badRequest, graphFailure, notFound } from './errors.ts';
import { describeKey, type ObjectKey } from './keys.ts';
import { assertApplicationReplicated, noteCreated, type ReplicationCall } from './replication.ts';

export function findApplication(directory: DirectoryState, key: ObjectKey): ApplicationRecord | undefined {
  return Object.values(directory.applications).find(
    (a) =>
      (key.id !== undefined && a.id === key.id) ||
      (key.appId !== undefined && a.appId === key.appId) ||
      (key.uniqueName !== undefined &&
        a.uniqueName !== null &&
        a.uniqueName.toLowerCase() === key.uniqueName.toLowerCase()),
  );
}

export function requireApplication(directory: DirectoryState, key: ObjectKey): ApplicationRecord {
  const app = findApplication(directory, key);
  if (!app) throw notFound(describeKey(key));
  return app;
}

export function findServicePrincipal(
  directory: DirectoryState,
  key: ObjectKey,
): ServicePrincipalRecord | undefined {
  return Object.values(directory.servicePrincipals).find(
    (sp) => (key.id !== undefined && sp.id === key.id) || (key.appId !== undefined && sp.appId === key.appId),
  );
}

export function requireServicePrincipal(directory: DirectoryState, key: ObjectKey): ServicePrincipalRecord {
  const sp = findServicePrincipal(directory, key);
  if (!sp) throw notFound(describeKey(key));
  return sp;
}

/** A uniqueName stays taken while its app sits in deleted items (inference, notes §1.6). */
export function assertUniqueNameFree(directory: DirectoryState, uniqueName: string): void {
  const lower = uniqueName.toLowerCase();
  const active = Object.values(directory.applications).some((a) => a.uniqueName?.toLowerCase() === lower);
  const deleted = Object.values(directory.deletedItems).some(
    (d) => d.kind === 'application' && (d.object as ApplicationRecord).uniqueName?.toLowerCase() === lower,
  );
  if (active || deleted) {
    throw graphFailure(
      400,
      'Request_MultipleObjectsWithSameKeyValue',
      'Another object with the same value for property uniqueName already exists.',
    );
  }
}

export function createApplication(ctx: SandboxContext, fields: Record<string, unknown>): ApplicationRecord {
  const { state } = ctx.store;
  if (typeof fields.displayName !== 'string' || fields.displayName.trim() === '') {
    throw badRequest("Invalid value specified for property 'displayName' of resource 'Application'.");
  }
  if (typeof fields.uniqueName === 'string') assertUniqueNameFree(state.directory, fields.uniqueName);
  const defaultDomain = state.tenant.verifiedDomains.find((d) => d.isDefault)?.name ?? '';
  const app: ApplicationRecord = {
    id: ctx.store.newObjectId(),
    deletedDateTime: null,
    appId: ctx.store.newObjectId(),
    createdDateTime: new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
    displayName: fields.displayName,
    description: null,
    uniqueName: null,
    signInAudience: 'AzureADMyOrg',
    publisherDomain: defaultDomain,
    identifierUris: [],
    tags: [],
    notes: null,
    appRoles: [],
    requiredResourceAccess: [],
    keyCredentials: [],
    passwordCredentials: [],
    ...fields,
  };
  state.directory.applications[app.id] = app;
  noteCreated(ctx, app.id);
  return app;
}

export function createServicePrincipal(
  ctx: SandboxContext,
  fields: Record<string, unknown>,
  /** The request creating it, so a replication-lag fault can refuse a too-new application. */
  call?: ReplicationCall,
): ServicePrincipalRecord {
  const { directory, tenant } = ctx.store.state;
  const appId = fields.appId;
  if (typeof appId !== 'string')
    throw badRequest("Invalid value specified for property 'appId' of resource 'ServicePrincipal'.");
  const app = findApplication(directory, { appId });
  if (!app) {
    throw badRequest(
      `The appId '${appId}' of the service principal does not reference a valid application object.`,
    );
  }
  assertApplicationReplicated(ctx, call, app);
  if (findServicePrincipal(directory, { appId })) {
    throw graphFailure(
      409,
      'Request_MultipleObjectsWithSameKeyValue',
      `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.`,
    );
  }
  const sp: ServicePrincipalRecord = {
    id: ctx.store.newObjectId(),
    deletedDateTime: null,
    accountEnabled: true,
    appId,
    appDisplayName: app.displayName,
    appDescription: app.description,
    appOwnerOrganizationId: tenant.id,
    appRoleAssignmentRequired: false,
    appRoles: structuredClone(app.appRoles),
    description: null,
    displayName: app.displayName,
    notes: null,
    passwordCredentials: [],
    keyCredentials: [],
    servicePrincipalNames: [appId, ...app.identifierUris],
    servicePrincipalType: 'Application',
    signInAudience: app.signInAudience,
    tags: [],
    ...fields,
  };
  directory.servicePrincipals[sp.id] = sp;
  noteCreated(ctx, sp.id);
  return sp;
}

export function newAssignmentId(ctx: SandboxContext): string {
  return seededOpaqueId(ctx.store.state.seed, ctx.store.nextLabel());
}

function timestamp(ctx: SandboxContext): string {
  return new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Move a service principal to deleted items, taking its assignments and directory roles along. */
export function softDeleteServicePrincipal(ctx: SandboxContext, sp: ServicePrincipalRecord): void {
  const { directory } = ctx.store.state;
  const when = timestamp(ctx);
  const appRoleAssignments = Object.values(directory.appRoleAssignments).filter(
    (a) => a.principalId === sp.id || a.resourceId === sp.id,
  );
  const roleAssignments = Object.values(directory.roleAssignments).filter((r) => r.principalId === sp.id);
  for (const a of appRoleAssignments) delete directory.appRoleAssignments[a.id];
  for (const r of roleAssignments) delete directory.roleAssignments[r.id];
  delete directory.servicePrincipals[sp.id];
  directory.deletedItems[sp.id] = {
    kind: 'servicePrincipal',
    deletedDateTime: when,
    object: { ...sp, deletedDateTime: when },
    appRoleAssignments,
    roleAssignments,
  };
}

/** Deleting an application also deletes its service principal; restoring the app does not restore it. */
export function softDeleteApplication(ctx: SandboxContext, app: ApplicationRecord): void {
  const { directory } = ctx.store.state;
  const sp = findServicePrincipal(directory, { appId: app.appId });
  if (sp) softDeleteServicePrincipal(ctx, sp);
  const when = timestamp(ctx);
  delete directory.applications[app.id];
  directory.deletedItems[app.id] = {
    kind: 'application',
    deletedDateTime: when,
    object: { ...app, deletedDateTime: when },
    appRoleAssignments: [],
    roleAssignments: [],
  };
}

export function restoreDeletedItem(
  ctx: SandboxContext,
  item: DeletedItemRecord,
): ApplicationRecord | ServicePrincipalRecord {
  const { directory } = ctx.store.state;
  if (item.kind === 'application') {
    const app = { ...(item.object as ApplicationRecord), deletedDateTime: null };
    directory.applications[app.id] = app;
    delete directory.deletedItems[app.id];
    return app;
  }
  const sp = { ...(item.object as ServicePrincipalRecord), deletedDateTime: null };
  if (!findApplication(directory, { appId: sp.appId })) {
    throw badRequest(
      `The service principal cannot be restored because its application ${sp.appId} does not exist.`,
    );
  }
  if (findServicePrincipal(directory, { appId: sp.appId })) {
    throw graphFailure(
      409,
      'Request_MultipleObjectsWithSameKeyValue',
      `The service principal cannot be created, updated, or restored because the service principal name ${sp.appId} is already in use.`,
    );
  }
  directory.servicePrincipals[sp.id] = sp;
  for (const a of item.appRoleAssignments) {
    const otherEnd = a.principalId === sp.id ? a.resourceId : a.principalId;
    if (directory.servicePrincipals[otherEnd]) directory.appRoleAssignments[a.id] = a;
  }
  for (const r of item.roleAssignments) directory.roleAssignments[r.id] = r;
  delete directory.deletedItems[sp.id];
  return sp;
}

export function purgeDeletedItem(ctx: SandboxContext, item: DeletedItemRecord): void {
  const { state } = ctx.store;
  delete state.directory.deletedItems[item.object.id];
  for (const cred of item.object.passwordCredentials) delete state.identity.secretHashes[cred.keyId];
}
