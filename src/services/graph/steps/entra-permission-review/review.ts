// Resolves each reviewed permission against the resource's service principal as the tenant has it
// (appRoles: id, display name, Microsoft's description), so the reviewer reads what the
// permission allows in this tenant, not a list someone typed.
import { InputError } from '../../../../errors.ts';
import type { AppRole } from '../../client/schema.ts';
import type { JsonValue, StepContext } from '../../../../steps/contract.ts';
import type { EntraPermissionReviewParams } from './params.ts';

export interface ReviewedPermission {
  name: string;
  appRoleId: string;
  displayName: string;
  meaning: string;
  /** Write access (ReadWrite, Manage, Send): called out for the reviewer. */
  writes: boolean;
}

export interface Review {
  resource: { appId: string; displayName: string };
  apps: Array<{ displayName: string; purpose: string | null; permissions: ReviewedPermission[] }>;
}

const WRITE = /(ReadWrite|Manage|Send|FullControl)/;

function applicationRoles(roles: readonly AppRole[]): AppRole[] {
  return roles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application'));
}

export async function reviewPermissions(
  ctx: StepContext,
  params: EntraPermissionReviewParams,
): Promise<Review> {
  const graph = await ctx.services.graph();
  const resource = await graph.getServicePrincipalByAppId(params.resource);
  if (!resource) {
    throw new InputError(`The resource API ${params.resource} has no service principal in this tenant`, [], {
      hint: 'Check `resource:` (an appId); the API must be available in the tenant before its permissions can be reviewed.',
    });
  }
  const roles = applicationRoles(resource.appRoles);
  const resourceName = resource.displayName ?? resource.appId;
  const unknown = params.apps.flatMap((a) =>
    a.permissions.filter((p) => !roles.some((r) => r.value === p)).map((p) => `${a.displayName}: ${p}`),
  );
  if (unknown.length > 0) {
    throw new InputError(`${resourceName} has no application permission ${unknown.join(', ')}`, [], {
      hint: 'Check the spelling (e.g. User.Read.All); only application permissions (app roles) can be reviewed here.',
    });
  }
  return {
    resource: { appId: resource.appId, displayName: resourceName },
    apps: params.apps.map((app) => ({
      displayName: app.displayName,
      purpose: app.purpose ?? null,
      permissions: app.permissions.map((name) => {
        const role = roles.find((r) => r.value === name)!;
        return {
          name,
          appRoleId: role.id,
          displayName: role.displayName ?? name,
          meaning: role.description ?? role.displayName ?? name,
          writes: WRITE.test(name),
        };
      }),
    })),
  };
}

/** One line per permission with its meaning, grouped by app: what the Security team signs off. */
export function reviewLines(review: Review): string[] {
  const lines: string[] = [];
  for (const app of review.apps) {
    lines.push(`${app.displayName}${app.purpose ? ` (${app.purpose})` : ''}:`);
    for (const p of app.permissions)
      lines.push(
        `  ${p.name} (${review.resource.displayName} application permission${p.writes ? ', WRITE access' : ''}): ${p.displayName}. ${p.meaning}`,
      );
  }
  const all = new Set(review.apps.flatMap((a) => a.permissions.map((p) => p.name)));
  lines.push(
    `${all.size} distinct permission(s) across ${review.apps.length} app(s), granted tenant-wide with admin consent; no signed-in user is needed.`,
  );
  return lines;
}

export function reviewOutputs(review: Review): Record<string, JsonValue> {
  return {
    resource: review.resource,
    apps: review.apps.map((a) => ({
      displayName: a.displayName,
      purpose: a.purpose,
      permissions: a.permissions.map((p) => ({ ...p })),
    })),
  };
}
