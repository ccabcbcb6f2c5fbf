// roleManagement/directory: built-in role definitions and role assignments to principals.
import type { RoleAssignmentRecord } from '../../../sandbox/state/model.ts';
import { badRequest, notFound } from './errors.ts';
import { newAssignmentId } from './directory.ts';
import { OPAQUE_ID, route } from './keys.ts';
import { READ_ROLE_MANAGEMENT, WRITE_ROLE_MANAGEMENT } from './permissions.ts';
import { entityResult, listResult, noContent } from './respond.ts';
import type { GraphDeps, GraphRouter } from './types.ts';
import { validateShape } from './validate.ts';

const DEFINITION = 'microsoft.graph.unifiedRoleDefinition';
const ASSIGNMENT = 'microsoft.graph.unifiedRoleAssignment';
const BASE = '/roleManagement/directory';

export function registerRoleManagementRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;
  const directory = () => ctx.store.state.directory;
  const read = { roles: READ_ROLE_MANAGEMENT };

  router.add('GET', route(`${BASE}/roleDefinitions`), read, (call) =>
    listResult(
      deps,
      call,
      'roleManagement/directory/roleDefinitions',
      DEFINITION,
      Object.values(directory().roleDefinitions),
      {
        filterable: ['id', 'displayName', 'templateId', 'isBuiltIn'],
      },
    ),
  );
  router.add('GET', route(`${BASE}/roleDefinitions/${OPAQUE_ID}`), read, (call, params) => {
    const def = directory().roleDefinitions[(params.itemId ?? '').toLowerCase()];
    if (!def) throw notFound(params.itemId ?? '');
    return entityResult(deps, call, 'roleManagement/directory/roleDefinitions', DEFINITION, def);
  });

  router.add('GET', route(`${BASE}/roleAssignments`), read, (call) =>
    listResult(
      deps,
      call,
      'roleManagement/directory/roleAssignments',
      ASSIGNMENT,
      Object.values(directory().roleAssignments),
      {
        filterable: ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId'],
      },
    ),
  );
  router.add('GET', route(`${BASE}/roleAssignments/${OPAQUE_ID}`), read, (call, params) => {
    const item = directory().roleAssignments[params.itemId ?? ''];
    if (!item) throw notFound(params.itemId ?? '');
    return entityResult(deps, call, 'roleManagement/directory/roleAssignments', ASSIGNMENT, item);
  });

  router.add(
    'POST',
    route(`${BASE}/roleAssignments`),
    { roles: WRITE_ROLE_MANAGEMENT, requestType: ASSIGNMENT },
    (call) => {
      const body = validateShape(call.body ?? {}, ASSIGNMENT);
      const principalId = typeof body.principalId === 'string' ? body.principalId.toLowerCase() : '';
      const roleDefinitionId =
        typeof body.roleDefinitionId === 'string' ? body.roleDefinitionId.toLowerCase() : '';
      const directoryScopeId = typeof body.directoryScopeId === 'string' ? body.directoryScopeId : '';
      if (directoryScopeId === '') {
        throw badRequest(
          "Invalid value specified for property 'directoryScopeId' of resource 'UnifiedRoleAssignment'.",
        );
      }
      const d = directory();
      if (!d.servicePrincipals[principalId] && !d.users[principalId] && !d.groups[principalId])
        throw notFound(principalId);
      if (!d.roleDefinitions[roleDefinitionId]) throw notFound(roleDefinitionId);
      const duplicate = Object.values(d.roleAssignments).some(
        (r) =>
          r.principalId === principalId &&
          r.roleDefinitionId === roleDefinitionId &&
          r.directoryScopeId === directoryScopeId,
      );
      if (duplicate) {
        throw badRequest(
          'A conflicting object with one or more of the specified property values is present in the directory.',
        );
      }
      const assignment: RoleAssignmentRecord = {
        id: newAssignmentId(ctx),
        appScopeId: null,
        condition: null,
        directoryScopeId,
        principalId,
        roleDefinitionId,
      };
      d.roleAssignments[assignment.id] = assignment;
      return {
        ...entityResult(deps, call, 'roleManagement/directory/roleAssignments', ASSIGNMENT, assignment, 201),
        mutated: true,
      };
    },
  );

  router.add(
    'DELETE',
    route(`${BASE}/roleAssignments/${OPAQUE_ID}`),
    { roles: WRITE_ROLE_MANAGEMENT },
    (_call, params) => {
      const item = directory().roleAssignments[params.itemId ?? ''];
      if (!item) throw notFound(params.itemId ?? '');
      delete directory().roleAssignments[item.id];
      return noContent();
    },
  );
}
