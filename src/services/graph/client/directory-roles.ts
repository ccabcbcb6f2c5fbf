// Entra directory roles for a service principal (e.g. Exchange Administrator for EXO automation).
import { odataString, type GraphHttp } from './http.ts';
import { RoleAssignment, RoleDefinition } from './schema.ts';

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';

export interface DirectoryRoleGrant {
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId?: string;
}

export function directoryRolesApi(http: GraphHttp) {
  return {
    listRoleAssignments: (principalId: string) =>
      http.listAll(
        {
          operation: 'roleAssignments.list',
          method: 'GET',
          path: ASSIGNMENTS,
          query: { $filter: `principalId eq ${odataString(principalId)}` },
        },
        RoleAssignment,
      ),

    assignDirectoryRole: (grant: DirectoryRoleGrant) =>
      http.json(
        {
          operation: 'roleAssignments.create',
          method: 'POST',
          path: ASSIGNMENTS,
          body: {
            '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
            roleDefinitionId: grant.roleDefinitionId,
            principalId: grant.principalId,
            directoryScopeId: grant.directoryScopeId ?? '/',
          },
        },
        RoleAssignment,
      ),

    removeRoleAssignment: async (assignmentId: string): Promise<void> => {
      await http.send({
        operation: 'roleAssignments.delete',
        method: 'DELETE',
        path: `${ASSIGNMENTS}/${encodeURIComponent(assignmentId)}`,
      });
    },

    /** Role definitions by display name, e.g. "Exchange Administrator". */
    findRoleDefinitionsByName: (displayName: string) =>
      http.listAll(
        {
          operation: 'roleDefinitions.findByName',
          method: 'GET',
          path: '/roleManagement/directory/roleDefinitions',
          query: { $filter: `displayName eq ${odataString(displayName)}` },
        },
        RoleDefinition,
      ),
  };
}
