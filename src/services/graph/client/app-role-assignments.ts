// Admin consent for application permissions = app role assignments on the resource's SP.
import type { GraphHttp } from './http.ts';
import { AppRoleAssignment } from './schema.ts';

export interface AppRoleGrant {
  principalId: string;
  resourceId: string;
  appRoleId: string;
}

export function appRoleAssignmentsApi(http: GraphHttp) {
  const base = (resourceSpId: string) =>
    `/servicePrincipals/${encodeURIComponent(resourceSpId)}/appRoleAssignedTo`;
  return {
    listAppRoleAssignedTo: (resourceSpId: string) =>
      http.listAll(
        { operation: 'appRoleAssignments.list', method: 'GET', path: base(resourceSpId) },
        AppRoleAssignment,
      ),

    /** The client side: what an app's SP has been granted, on any resource. */
    listAppRoleAssignments: (clientSpId: string) =>
      http.listAll(
        {
          operation: 'appRoleAssignments.listForClient',
          method: 'GET',
          path: `/servicePrincipals/${encodeURIComponent(clientSpId)}/appRoleAssignments`,
        },
        AppRoleAssignment,
      ),

    grantAppRole: (grant: AppRoleGrant) =>
      http.json(
        { operation: 'appRoleAssignments.grant', method: 'POST', path: base(grant.resourceId), body: grant },
        AppRoleAssignment,
      ),

    revokeAppRoleAssignment: async (resourceSpId: string, assignmentId: string): Promise<void> => {
      await http.send({
        operation: 'appRoleAssignments.revoke',
        method: 'DELETE',
        path: `${base(resourceSpId)}/${encodeURIComponent(assignmentId)}`,
      });
    },
  };
}
