// Makes the registration match the params. Idempotent: re-observes first, creates only what is
// missing, and records only what this run added or changed.
import { formatSecretRef } from '../../../../secrets/contract.ts';
import type { ApplyResult, StepContext, StepPlan, UndoRecord } from '../../../../steps/contract.ts';
import { baselineOf, readBaseline } from './baseline.ts';
import { computeDrift } from './drift.ts';
import { observe } from './observe.ts';
import { creatorNote, secretDisplayName, type EntraAppRegistrationParams } from './params.ts';
import { whileReplicating } from './replication.ts';
import type { AppRegistrationUndo } from './undo-record.ts';

export async function applyAppRegistration(
  ctx: StepContext,
  params: EntraAppRegistrationParams,
  plan: StepPlan,
): Promise<ApplyResult> {
  const graph = await ctx.services.graph();
  const observed = await observe(ctx, params);
  const baseline = readBaseline(plan.observed, baselineOf(observed, params));
  const drift = computeDrift(params, observed);
  const note = creatorNote(ctx.runId, ctx.stepId);

  // 1. The application. Absent from the baseline but present now = created by an earlier attempt of this run.
  let app = observed.app;
  let createdApplication = app !== undefined && baseline.appObjectId === null;
  let previousApplication: AppRegistrationUndo['previousApplication'] = null;
  if (!app) {
    ctx.log.progress(`creating app ${params.displayName}`);
    const result = await graph.upsertApplicationByUniqueName(params.uniqueName, {
      displayName: params.displayName,
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: drift.desiredAccess,
      notes: note,
    });
    app = result.application;
    createdApplication = result.created || app.notes === note;
  } else if (drift.accessChanged || drift.renamed) {
    ctx.log.progress(`updating app ${params.displayName}`);
    await graph.updateApplication(app.id, {
      displayName: params.displayName,
      requiredResourceAccess: drift.desiredAccess,
    });
  }
  // Restore to the state at plan time, which an interrupted earlier attempt may already have changed.
  const before = baseline.appBefore;
  if (
    !createdApplication &&
    before &&
    (drift.accessChanged || drift.renamed || JSON.stringify(before) !== JSON.stringify(snapshotOf(app)))
  ) {
    previousApplication = before;
  }

  // 2. Its service principal (the app's identity in this tenant, which consent is granted to).
  let servicePrincipal = observed.servicePrincipal;
  let createdServicePrincipal = servicePrincipal !== undefined && baseline.servicePrincipalId === null;
  if (!servicePrincipal) {
    const appId = app.appId;
    const result = await whileReplicating(
      ctx,
      { operation: 'servicePrincipals.upsert', appId },
      `creating the service principal of ${params.displayName}`,
      () => graph.createServicePrincipal(appId, { notes: note }),
    );
    servicePrincipal = result.servicePrincipal;
    createdServicePrincipal = result.created || servicePrincipal.notes === note;
  }

  // 3. Admin consent: one app role assignment per permission.
  const addedAssignmentIds = observed.assignments
    .filter((a) => !baseline.assignmentIds.includes(a.id))
    .map((a) => a.id);
  for (const permission of drift.grants) {
    ctx.log.progress(`granting ${permission.name}`);
    const grant = {
      principalId: servicePrincipal.id,
      resourceId: observed.resource.id,
      appRoleId: permission.appRoleId,
    };
    const assignment = await whileReplicating(
      ctx,
      { operation: 'appRoleAssignments.grant', principalId: grant.principalId },
      `granting ${permission.name}`,
      () => graph.grantAppRole(grant),
    );
    addedAssignmentIds.push(assignment.id);
  }
  for (const assignment of drift.revokes) {
    ctx.log.progress(`revoking consent ${assignment.appRoleId}`);
    await graph.revokeAppRoleAssignment(observed.resource.id, assignment.id);
  }

  // 4. The client secret: value straight to the store, never into outputs, undo or logs.
  let addedSecret: AppRegistrationUndo['addedSecret'] = null;
  if (params.secret) {
    const name = params.secret.name;
    const marker = secretDisplayName(name);
    // Secrets an interrupted attempt created are unusable (their value was lost): remove them.
    const kept = drift.newSecret ? undefined : observed.secret?.keyId;
    const orphans = app.passwordCredentials.filter(
      (p) => p.displayName === marker && p.keyId !== kept && !baseline.secretKeyIds.includes(p.keyId),
    );
    for (const orphan of orphans) {
      await graph.removePassword(app.id, orphan.keyId);
    }
    if (drift.newSecret) {
      ctx.log.progress(`adding client secret ${name}`);
      const storeHadValue = baseline.secretInStore;
      const endDateTime = new Date(
        ctx.now().getTime() + params.secret.expiresInDays * 86_400_000,
      ).toISOString();
      const added = await graph.addPassword(app.id, { displayName: marker, endDateTime });
      ctx.redactor.register(added.secretText);
      await ctx.secrets.put(name, added.secretText, {
        expiresOn: new Date(endDateTime),
        description: `${params.displayName} client secret`,
      });
      addedSecret = { keyId: added.keyId, storeName: name, storeHadValue };
    } else if (observed.secret?.keyId && !baseline.secretKeyIds.includes(observed.secret.keyId)) {
      addedSecret = { keyId: observed.secret.keyId, storeName: name, storeHadValue: baseline.secretInStore };
    }
  }

  // 5. An Entra directory role, when the app administers something (e.g. Exchange).
  let addedRoleAssignmentId =
    observed.roleAssignment && baseline.roleAssignmentId === null ? observed.roleAssignment.id : null;
  if (drift.assignRole && observed.roleDefinitionId) {
    const assignment = await graph.assignDirectoryRole({
      principalId: servicePrincipal.id,
      roleDefinitionId: observed.roleDefinitionId,
    });
    addedRoleAssignmentId = assignment.id;
  }

  const undo: AppRegistrationUndo = {
    appObjectId: app.id,
    appId: app.appId,
    createdApplication,
    previousApplication,
    servicePrincipalId: servicePrincipal.id,
    createdServicePrincipal,
    resourceServicePrincipalId: observed.resource.id,
    addedAssignmentIds,
    revokedAppRoleIds: drift.revokes.map((a) => a.appRoleId),
    addedSecret,
    addedRoleAssignmentId,
  };
  return {
    outputs: {
      appId: app.appId,
      objectId: app.id,
      servicePrincipalId: servicePrincipal.id,
      secretRef: params.secret
        ? formatSecretRef({ store: ctx.secrets.kind, name: params.secret.name })
        : null,
    },
    undo: undo as unknown as UndoRecord,
  };
}

function snapshotOf(app: { displayName: string; requiredResourceAccess: unknown }) {
  return { displayName: app.displayName, requiredResourceAccess: app.requiredResourceAccess };
}
