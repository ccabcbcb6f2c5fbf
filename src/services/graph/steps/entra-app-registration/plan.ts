// Read-only: what apply would change, the exact requests, and each permission's meaning for
// the Security review gate.
import { formatSecretRef } from '../../../../secrets/contract.ts';
import {
  unknownValue,
  type Change,
  type PlannedCall,
  type StepContext,
  type StepPlan,
} from '../../../../steps/contract.ts';
import { computeDrift, hasChanges, type Drift } from './drift.ts';
import { byUniqueNamePath, baselineOf, type Baseline } from './baseline.ts';
import { observe, type Observed } from './observe.ts';
import type { EntraAppRegistrationParams } from './params.ts';

export async function planAppRegistration(
  ctx: StepContext,
  params: EntraAppRegistrationParams,
): Promise<StepPlan> {
  const observed = await observe(ctx, params);
  for (const warning of observed.warnings) ctx.log.warn(warning);
  const drift = computeDrift(params, observed);
  const baseline: Baseline = baselineOf(observed, params);
  const action = drift.createApp ? 'create' : hasChanges(drift) ? 'update' : 'noop';
  const plan: StepPlan = {
    action,
    summary: `${action === 'noop' ? 'keep' : action} app registration ${params.displayName} (${params.uniqueName})`,
    changes: changesOf(params, observed, drift),
    calls: callsOf(ctx, params, observed, drift),
    details: detailsOf(params, observed, drift),
    observed: baseline,
  };
  if (observed.app && observed.servicePrincipal && action === 'noop') {
    plan.knownOutputs = {
      appId: observed.app.appId,
      objectId: observed.app.id,
      servicePrincipalId: observed.servicePrincipal.id,
      secretRef: params.secret
        ? formatSecretRef({ store: ctx.secrets.kind, name: params.secret.name })
        : null,
    };
  }
  return plan;
}

function changesOf(params: EntraAppRegistrationParams, observed: Observed, drift: Drift): Change[] {
  const changes: Change[] = [];
  const names = (ids: string[]) =>
    ids.map((id) => observed.resource.appRoles.find((r) => r.id === id)?.value ?? id);
  if (drift.createApp)
    changes.push({
      path: 'application',
      before: null,
      after: `${params.displayName} (uniqueName ${params.uniqueName})`,
    });
  if (drift.renamed)
    changes.push({
      path: 'application.displayName',
      before: observed.app?.displayName,
      after: params.displayName,
    });
  if (drift.accessChanged) {
    const before =
      observed.app?.requiredResourceAccess.find((r) => r.resourceAppId === params.resource)?.resourceAccess ??
      [];
    changes.push({
      path: `requiredResourceAccess[${observed.resource.displayName ?? params.resource}]`,
      before: names(before.filter((a) => a.type === 'Role').map((a) => a.id)),
      after: observed.permissions.map((p) => p.name),
    });
  }
  if (drift.createServicePrincipal)
    changes.push({ path: 'servicePrincipal', before: null, after: 'created for the app' });
  if (drift.grants.length > 0 || drift.revokes.length > 0) {
    const before = names(observed.assignments.map((a) => a.appRoleId));
    const after = params.adminConsent ? observed.permissions.map((p) => p.name) : before;
    changes.push({ path: 'adminConsent', before, after });
  }
  if (drift.newSecret && params.secret) {
    const state = observed.secret?.valid ? 'valid but missing from the store' : 'none valid';
    changes.push({
      path: `secret[${params.secret.name}]`,
      before: state,
      after: `new, valid ${params.secret.expiresInDays} days`,
    });
  }
  if (drift.assignRole) changes.push({ path: 'directoryRole', before: null, after: params.directoryRole });
  return changes;
}

function callsOf(
  ctx: StepContext,
  params: EntraAppRegistrationParams,
  observed: Observed,
  drift: Drift,
): PlannedCall[] {
  const graph = (method: string, target: string): PlannedCall => ({ service: 'graph', method, target });
  const appId = observed.app?.appId ?? unknownValue('appId');
  const objectId = observed.app?.id ?? unknownValue('objectId');
  const spId = observed.servicePrincipal?.id ?? unknownValue('servicePrincipalId');
  const calls: PlannedCall[] = [];
  if (drift.createApp)
    calls.push(graph('PATCH', `${byUniqueNamePath(params.uniqueName)} (Prefer: create-if-missing)`));
  else if (drift.accessChanged || drift.renamed) calls.push(graph('PATCH', `/applications/${objectId}`));
  if (drift.createServicePrincipal)
    calls.push(graph('PATCH', `/servicePrincipals(appId='${appId}') (Prefer: create-if-missing)`));
  for (const p of drift.grants) {
    calls.push(
      graph(
        'POST',
        `/servicePrincipals/${observed.resource.id}/appRoleAssignedTo (principalId=${spId}, appRoleId=${p.appRoleId} ${p.name})`,
      ),
    );
  }
  for (const a of drift.revokes)
    calls.push(graph('DELETE', `/servicePrincipals/${observed.resource.id}/appRoleAssignedTo/${a.id}`));
  if (drift.newSecret && params.secret) {
    calls.push(graph('POST', `/applications/${objectId}/addPassword (${params.secret.expiresInDays} days)`));
    calls.push({ service: 'secrets', method: 'put', target: ctx.secrets.describe(params.secret.name) });
  }
  if (drift.assignRole) {
    calls.push(
      graph(
        'POST',
        `/roleManagement/directory/roleAssignments (principalId=${spId}, roleDefinitionId=${observed.roleDefinitionId})`,
      ),
    );
  }
  return calls;
}

function detailsOf(params: EntraAppRegistrationParams, observed: Observed, drift: Drift): string[] {
  const resourceName = observed.resource.displayName ?? params.resource;
  const added = new Set(drift.addedPermissions.map((p) => p.appRoleId));
  const lines = observed.permissions.map(
    (p) => `${added.has(p.appRoleId) ? '+' : '='} ${resourceName} ${p.name} (application): ${p.meaning}`,
  );
  for (const removed of drift.removedPermissions)
    lines.push(`- ${resourceName} ${removed.name} (application): removed`);
  lines.push(
    params.adminConsent
      ? 'Admin consent: granted by this step (takes effect immediately).'
      : 'Admin consent: not granted by this step.',
  );
  if (params.directoryRole) lines.push(`Directory role: ${params.directoryRole}`);
  return [...lines, ...observed.warnings.map((w) => `warning: ${w}`)];
}
