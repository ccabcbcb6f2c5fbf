// Admin consent: appRoleAssignedTo (resource side) and appRoleAssignments (client side) of a
// service principal; both navigations address the same appRoleAssignment entities.
import type { AppRoleAssignmentRecord, ServicePrincipalRecord } from '../../../sandbox/state/model.ts';
import { badRequest, notFound } from './errors.ts';
import { newAssignmentId, requireServicePrincipal } from './directory.ts';
import { assertPrincipalReplicated } from './replication.ts';
import { keyFromParams, OPAQUE_ID, route, SP_KEY } from './keys.ts';
import { READ_APPS, WRITE_APP_ROLE_ASSIGNMENTS } from './permissions.ts';
import { entityResult, listResult, noContent } from './respond.ts';
import type { GraphCall, GraphDeps, GraphRouter } from './types.ts';
import { validateShape } from './validate.ts';

const TYPE = 'microsoft.graph.appRoleAssignment';
type Side = 'appRoleAssignedTo' | 'appRoleAssignments';

/** Which end of the assignment the URL's service principal is. */
function ownEnd(side: Side): 'resourceId' | 'principalId' {
  return side === 'appRoleAssignedTo' ? 'resourceId' : 'principalId';
}

export function registerAppRoleAssignmentRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;
  const directory = () => ctx.store.state.directory;

  function create(call: GraphCall, sp: ServicePrincipalRecord, side: Side) {
    const body = validateShape(call.body ?? {}, TYPE);
    for (const name of ['principalId', 'resourceId', 'appRoleId']) {
      if (typeof body[name] !== 'string') {
        throw badRequest(`Invalid value specified for property '${name}' of resource 'AppRoleAssignment'.`);
      }
    }
    const principalId = (body.principalId as string).toLowerCase();
    const resourceId = (body.resourceId as string).toLowerCase();
    const appRoleId = (body.appRoleId as string).toLowerCase();
    if ((side === 'appRoleAssignedTo' ? resourceId : principalId) !== sp.id) {
      throw badRequest(
        `The ${ownEnd(side)} in the request body must be the service principal '${sp.id}' in the URL.`,
      );
    }
    const principal = directory().servicePrincipals[principalId];
    if (!principal) throw notFound(principalId);
    assertPrincipalReplicated(ctx, call, principalId);
    const resource = directory().servicePrincipals[resourceId];
    if (!resource) throw notFound(resourceId);
    if (!resource.appRoles.some((r) => r.id === appRoleId && r.allowedMemberTypes.includes('Application'))) {
      throw badRequest(`Permission being assigned was not found on application '${resource.appId}'.`);
    }
    const duplicate = Object.values(directory().appRoleAssignments).some(
      (a) => a.principalId === principalId && a.resourceId === resourceId && a.appRoleId === appRoleId,
    );
    if (duplicate) throw badRequest('Permission being assigned already exists on the object');
    const assignment: AppRoleAssignmentRecord = {
      id: newAssignmentId(ctx),
      deletedDateTime: null,
      appRoleId,
      createdDateTime: new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
      principalDisplayName: principal.displayName,
      principalId,
      principalType: 'ServicePrincipal',
      resourceDisplayName: resource.displayName,
      resourceId,
    };
    directory().appRoleAssignments[assignment.id] = assignment;
    return {
      ...entityResult(deps, call, `servicePrincipals('${sp.id}')/${side}`, TYPE, assignment, 201),
      mutated: true,
    };
  }

  for (const side of ['appRoleAssignedTo', 'appRoleAssignments'] as const) {
    const end = ownEnd(side);
    router.add('GET', route(`/servicePrincipals${SP_KEY}/${side}`), { roles: READ_APPS }, (call, params) => {
      const sp = requireServicePrincipal(directory(), keyFromParams(params));
      const items = Object.values(directory().appRoleAssignments).filter((a) => a[end] === sp.id);
      return listResult(deps, call, `servicePrincipals('${sp.id}')/${side}`, TYPE, items, {
        filterable: ['principalId', 'resourceId', 'appRoleId'],
      });
    });
    router.add(
      'POST',
      route(`/servicePrincipals${SP_KEY}/${side}`),
      { roles: WRITE_APP_ROLE_ASSIGNMENTS, requestType: TYPE },
      (call, params) => create(call, requireServicePrincipal(directory(), keyFromParams(params)), side),
    );
    router.add(
      'GET',
      route(`/servicePrincipals${SP_KEY}/${side}/${OPAQUE_ID}`),
      { roles: READ_APPS },
      (call, params) => {
        const sp = requireServicePrincipal(directory(), keyFromParams(params));
        const item = directory().appRoleAssignments[params.itemId ?? ''];
        if (!item || item[end] !== sp.id) throw notFound(params.itemId ?? '');
        return entityResult(deps, call, `servicePrincipals('${sp.id}')/${side}`, TYPE, item);
      },
    );
    router.add(
      'DELETE',
      route(`/servicePrincipals${SP_KEY}/${side}/${OPAQUE_ID}`),
      { roles: WRITE_APP_ROLE_ASSIGNMENTS },
      (_call, params) => {
        const sp = requireServicePrincipal(directory(), keyFromParams(params));
        const item = directory().appRoleAssignments[params.itemId ?? ''];
        if (!item || item[end] !== sp.id) throw notFound(params.itemId ?? '');
        delete directory().appRoleAssignments[item.id];
        return noContent();
      },
    );
  }
}
