// Read-only lookups: groups, users, the organization, and sign-in logs (evidence that an app signed in).
import { notFound } from './errors.ts';
import { ID, route } from './keys.ts';
import { READ_GROUPS, READ_ORGANIZATION, READ_USERS } from './permissions.ts';
import { entityResult, listResult } from './respond.ts';
import { registerSignInRoutes } from './routes-sign-ins.ts';
import type { GraphDeps, GraphRouter } from './types.ts';

export function registerDirectoryReadRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;
  const state = () => ctx.store.state;

  router.add('GET', route('/groups'), { roles: READ_GROUPS }, (call) =>
    listResult(deps, call, 'groups', 'microsoft.graph.group', Object.values(state().directory.groups), {
      filterable: ['id', 'displayName', 'mailNickname', 'securityEnabled', 'mailEnabled'],
    }),
  );
  router.add('GET', route(`/groups/${ID}`), { roles: READ_GROUPS }, (call, params) => {
    const group = state().directory.groups[(params.id ?? '').toLowerCase()];
    if (!group) throw notFound(params.id ?? '');
    return entityResult(deps, call, 'groups', 'microsoft.graph.group', group);
  });

  router.add('GET', route('/users'), { roles: READ_USERS }, (call) =>
    listResult(deps, call, 'users', 'microsoft.graph.user', Object.values(state().directory.users), {
      filterable: ['id', 'displayName', 'userPrincipalName', 'mail', 'accountEnabled'],
    }),
  );
  router.add('GET', route('/users/(?<key>[^/]+)'), { roles: READ_USERS }, (call, params) => {
    const key = (params.key ?? '').toLowerCase();
    const user = Object.values(state().directory.users).find(
      (u) => u.id === key || u.userPrincipalName === key,
    );
    if (!user) throw notFound(params.key ?? '');
    return entityResult(deps, call, 'users', 'microsoft.graph.user', user);
  });

  router.add('GET', route('/organization'), { roles: READ_ORGANIZATION }, (call) => {
    const { tenant } = state();
    const org = {
      id: tenant.id,
      deletedDateTime: null,
      displayName: tenant.displayName,
      verifiedDomains: tenant.verifiedDomains,
    };
    return listResult(deps, call, 'organization', 'microsoft.graph.organization', [org], {
      filterable: ['id'],
    });
  });

  // Sign-in logs differ between v1.0 and beta: routes-sign-ins.ts.
  registerSignInRoutes(router, deps);
}
