// Reads the live state the step compares against: the resource's app roles, the app (by
// uniqueName, then displayName), its service principal, consent, secret and directory role.
// Read-only; plan, apply and verify all start here.
import { InputError, ServiceError } from '../../../../errors.ts';
import type {
  Application,
  AppRoleAssignment,
  GraphClient,
  RoleAssignment,
  ServicePrincipal,
} from '../../client/client.ts';
import type { StepContext } from '../../../../steps/contract.ts';
import { isGuid, secretDisplayName, type EntraAppRegistrationParams } from './params.ts';

/** A permission name resolved against the resource's appRoles. */
export interface ResolvedPermission {
  name: string;
  appRoleId: string;
  meaning: string;
}

export interface Observed {
  resource: ServicePrincipal;
  permissions: ResolvedPermission[];
  app: Application | undefined;
  /** How the app was found; 'displayName' means it has no uniqueName and is adopted. */
  foundBy: 'uniqueName' | 'displayName' | undefined;
  warnings: string[];
  servicePrincipal: ServicePrincipal | undefined;
  /** The app's SP's assignments on the resource. */
  assignments: AppRoleAssignment[];
  /** Our secret in Entra (by displayName marker), usable for at least the renewal margin. */
  secret: { keyId: string | undefined; valid: boolean; inStore: boolean } | undefined;
  roleDefinitionId: string | undefined;
  roleAssignment: RoleAssignment | undefined;
}

/** A secret closer than this to expiry is renewed. */
export const RENEWAL_MARGIN_DAYS = 30;

export async function observe(ctx: StepContext, params: EntraAppRegistrationParams): Promise<Observed> {
  const graph = await ctx.services.graph();
  const warnings: string[] = [];
  const resource = await graph.getServicePrincipalByAppId(params.resource);
  if (!resource) {
    throw new InputError(`The resource API ${params.resource} has no service principal in this tenant`, [], {
      hint: 'Check `resource:` (an appId); the API must be available in the tenant before permissions to it can be granted.',
    });
  }
  const permissions = resolvePermissions(resource, params.applicationPermissions);

  const { app, foundBy } = await findApp(graph, params, warnings);
  const servicePrincipal = app ? await graph.getServicePrincipalByAppId(app.appId) : undefined;
  const assignments = servicePrincipal
    ? (await graph.listAppRoleAssignments(servicePrincipal.id)).filter((a) => a.resourceId === resource.id)
    : [];
  const secret = params.secret ? await observeSecret(ctx, app, params.secret.name) : undefined;
  const roleDefinitionId = params.directoryRole ? await resolveRole(graph, params.directoryRole) : undefined;
  const roleAssignment =
    roleDefinitionId && servicePrincipal
      ? (await graph.listRoleAssignments(servicePrincipal.id)).find(
          (r) => r.roleDefinitionId === roleDefinitionId,
        )
      : undefined;
  return {
    resource,
    permissions,
    app,
    foundBy,
    warnings,
    servicePrincipal,
    assignments,
    secret,
    roleDefinitionId,
    roleAssignment,
  };
}

function resolvePermissions(resource: ServicePrincipal, names: string[]): ResolvedPermission[] {
  const roles = resource.appRoles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application'));
  const unknown = names.filter((name) => !roles.some((r) => r.value === name));
  if (unknown.length > 0) {
    throw new InputError(
      `${resource.displayName ?? resource.appId} has no application permission ${unknown.join(', ')}`,
      [],
      {
        hint: 'Check the spelling (e.g. User.Read.All); only application permissions (app roles) can be used here.',
      },
    );
  }
  return names.map((name) => {
    const role = roles.find((r) => r.value === name)!;
    return { name, appRoleId: role.id, meaning: role.description ?? role.displayName ?? name };
  });
}

async function findApp(graph: GraphClient, params: EntraAppRegistrationParams, warnings: string[]) {
  const byUnique = await graph.findApplicationByUniqueName(params.uniqueName);
  if (byUnique) return { app: byUnique, foundBy: 'uniqueName' as const };
  const named = await graph.findApplicationsByDisplayName(params.displayName);
  const adoptable = named.filter((a) => !a.uniqueName);
  if (named.length > 1) {
    warnings.push(
      `${named.length} apps are named ${params.displayName} (${named.map((a) => a.appId).join(', ')}); none is adopted, a new one with uniqueName ${params.uniqueName} is created.`,
    );
    return { app: undefined, foundBy: undefined };
  }
  if (adoptable.length === 1) {
    warnings.push(
      `App ${params.displayName} (${adoptable[0]!.appId}) exists without a uniqueName; it is adopted and updated in place.`,
    );
    return { app: adoptable[0], foundBy: 'displayName' as const };
  }
  if (named.length === 1) {
    warnings.push(
      `An app named ${params.displayName} exists with another uniqueName (${named[0]!.uniqueName}); it is left alone.`,
    );
  }
  return { app: undefined, foundBy: undefined };
}

async function observeSecret(ctx: StepContext, app: Application | undefined, name: string) {
  const marker = secretDisplayName(name);
  const ours = (app?.passwordCredentials ?? []).filter((p) => p.displayName === marker);
  const horizon = ctx.now().getTime() + RENEWAL_MARGIN_DAYS * 86_400_000;
  const usable = ours.find((p) => p.endDateTime && Date.parse(p.endDateTime) > horizon);
  const inStore = (await ctx.secrets.get(name)) !== undefined;
  return { keyId: usable?.keyId, valid: usable !== undefined, inStore };
}

async function resolveRole(graph: GraphClient, role: string): Promise<string> {
  if (isGuid(role)) return role;
  const found = await graph.findRoleDefinitionsByName(role);
  const match = found[0];
  if (!match) {
    throw new InputError(`No Entra directory role is named ${role}`, [], {
      hint: 'Use the role\'s display name as Entra shows it (e.g. "Exchange Administrator") or its template id.',
    });
  }
  if (found.length > 1)
    throw new ServiceError(
      'graph',
      'conflict',
      `${found.length} directory roles are named ${role}`,
      {},
      { hint: 'Use the role template id instead.' },
    );
  return match.templateId ?? match.id;
}
