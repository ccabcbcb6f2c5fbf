// Checks the tool's own identity as actually granted in the tenant: app role assignments on its
// service principal (admin consent), and directory role assignments — not what is listed on
// the app registration's "API permissions" page, which grants nothing by itself.
import type { GraphClient } from '../services/graph/client/client.ts';
import type { Requirements } from './requirements.ts';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

export interface Check {
  ok: boolean;
  what: string;
  /** How to fix it, for failed checks. */
  fix?: string;
  /** Passed, but with a limit the operator must know (e.g. a step that cannot be verified). */
  warning?: string;
}

async function grantedValues(
  graph: GraphClient,
  clientSpId: string,
  resourceAppId: string,
): Promise<Set<string>> {
  const resource = await graph.getServicePrincipalByAppId(resourceAppId);
  if (!resource) return new Set();
  const assignments = await graph.listAppRoleAssignments(clientSpId);
  const byId = new Map(resource.appRoles.map((role) => [role.id, role.value]));
  return new Set(
    assignments
      .filter((a) => a.resourceId === resource.id)
      .map((a) => byId.get(a.appRoleId))
      .filter((v): v is string => v !== undefined),
  );
}

export async function checkIdentity(
  graph: GraphClient,
  clientId: string,
  needs: Requirements,
): Promise<Check[]> {
  const self = await graph.getServicePrincipalByAppId(clientId);
  if (!self) {
    return [
      {
        ok: false,
        what: `a service principal for the tool's app ${clientId} exists in the tenant`,
        fix: `create it: Entra admin center > Enterprise applications, or \`az ad sp create --id ${clientId}\``,
      },
    ];
  }
  const checks: Check[] = [
    { ok: true, what: `service principal of the tool's app (${self.displayName ?? clientId})` },
  ];
  const families: [string, string, string[]][] = [
    ['Microsoft Graph', GRAPH_APP_ID, needs.graph],
    ['Office 365 Exchange Online', EXCHANGE_APP_ID, needs.exchange],
  ];
  for (const [name, appId, wanted] of families) {
    if (wanted.length === 0) continue;
    const granted = await grantedValues(graph, self.id, appId);
    for (const permission of wanted) {
      // A broader grant covers the narrower one the notes list as least privilege.
      const ok =
        granted.has(permission) ||
        (permission.endsWith('.Read.All') && granted.has(permission.replace('.Read.All', '.ReadWrite.All')));
      checks.push({
        ok,
        what: `${name} application permission ${permission} granted (admin consent)`,
        ...(ok
          ? {}
          : {
              fix: `App registrations > ${self.displayName ?? clientId} > API permissions > Add a permission > ${name} > Application permissions > ${permission}, then "Grant admin consent"`,
            }),
      });
    }
  }
  if (needs.roles.length > 0) {
    const assignments = await graph.listRoleAssignments(self.id);
    for (const role of needs.roles) {
      const definitions = await graph.findRoleDefinitionsByName(role);
      const ids = new Set(definitions.map((d) => d.id));
      const ok = assignments.some((a) => ids.has(a.roleDefinitionId));
      checks.push({
        ok,
        what: `Entra role ${role} assigned to the tool's service principal`,
        ...(ok
          ? {}
          : {
              fix: `Entra admin center > Roles and administrators > ${role} > Add assignments > ${self.displayName ?? clientId}`,
            }),
      });
    }
  }
  return checks;
}
