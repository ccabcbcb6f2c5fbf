// /servicePrincipals: create, list, get, upsert by appId, update, soft delete.
import { notFound } from './errors.ts';
import {
  createServicePrincipal,
  findServicePrincipal,
  requireServicePrincipal,
  softDeleteServicePrincipal,
} from './directory.ts';
import { describeKey, keyFromParams, route, SP_KEY } from './keys.ts';
import { READ_APPS, WRITE_APPS } from './permissions.ts';
import { entityResult, listResult, noContent } from './respond.ts';
import type { GraphDeps, GraphRouter } from './types.ts';
import { writableBody } from './validate.ts';

const TYPE = 'microsoft.graph.servicePrincipal';
const FILTERABLE = ['id', 'appId', 'displayName', 'servicePrincipalType', 'accountEnabled'];

export function registerServicePrincipalRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;
  const directory = () => ctx.store.state.directory;
  const write = { roles: WRITE_APPS, requestType: TYPE };

  router.add('GET', route('/servicePrincipals'), { roles: READ_APPS }, (call) =>
    listResult(deps, call, 'servicePrincipals', TYPE, Object.values(directory().servicePrincipals), {
      filterable: FILTERABLE,
    }),
  );

  router.add('POST', route('/servicePrincipals'), write, (call) => {
    // appId is server-managed on update but is the one required property on create.
    const raw = (call.body ?? {}) as Record<string, unknown>;
    const sp = createServicePrincipal(ctx, { ...writableBody(raw, TYPE), appId: raw.appId }, call);
    return { ...entityResult(deps, call, 'servicePrincipals', TYPE, sp, 201), mutated: true };
  });

  router.add('GET', route(`/servicePrincipals${SP_KEY}`), { roles: READ_APPS }, (call, params) =>
    entityResult(
      deps,
      call,
      'servicePrincipals',
      TYPE,
      requireServicePrincipal(directory(), keyFromParams(params)),
    ),
  );

  router.add('PATCH', route(`/servicePrincipals${SP_KEY}`), write, (call, params) => {
    const key = keyFromParams(params);
    const fields = writableBody(call.body ?? {}, TYPE);
    delete fields.appId;
    const existing = findServicePrincipal(directory(), key);
    if (!existing) {
      const wantsCreate = /create-if-missing/i.test(call.headers.prefer ?? '');
      if (key.appId === undefined || !wantsCreate) throw notFound(describeKey(key));
      const created = createServicePrincipal(ctx, { ...fields, appId: key.appId }, call);
      return { ...entityResult(deps, call, 'servicePrincipals', TYPE, created, 201), mutated: true };
    }
    Object.assign(existing, fields);
    return noContent();
  });

  router.add('DELETE', route(`/servicePrincipals${SP_KEY}`), { roles: WRITE_APPS }, (_call, params) => {
    softDeleteServicePrincipal(ctx, requireServicePrincipal(directory(), keyFromParams(params)));
    return noContent();
  });
}
