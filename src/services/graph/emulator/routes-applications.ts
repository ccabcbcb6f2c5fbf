// /applications: create, list, get, update, upsert by uniqueName, soft delete.
import { badRequest, notFound } from './errors.ts';
import {
  assertUniqueNameFree,
  createApplication,
  findApplication,
  requireApplication,
  softDeleteApplication,
} from './directory.ts';
import { APP_KEY, describeKey, keyFromParams, route } from './keys.ts';
import { READ_APPS, WRITE_APPS } from './permissions.ts';
import { entityResult, listResult, noContent } from './respond.ts';
import type { GraphCall, GraphDeps, GraphRouter } from './types.ts';
import { writableBody } from './validate.ts';

const TYPE = 'microsoft.graph.application';
const FILTERABLE = ['id', 'appId', 'displayName', 'uniqueName', 'signInAudience', 'publisherDomain'];

function applicationFields(call: GraphCall): Record<string, unknown> {
  const fields = writableBody(call.body ?? {}, TYPE);
  const creds = fields.passwordCredentials;
  if (Array.isArray(creds) && creds.length > 0) {
    throw badRequest('New password credentials must be generated using service actions.');
  }
  delete fields.passwordCredentials;
  return fields;
}

export function registerApplicationRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;
  const directory = () => ctx.store.state.directory;
  const write = { roles: WRITE_APPS, requestType: TYPE };

  router.add('GET', route('/applications'), { roles: READ_APPS }, (call) =>
    listResult(deps, call, 'applications', TYPE, Object.values(directory().applications), {
      filterable: FILTERABLE,
    }),
  );

  router.add('POST', route('/applications'), write, (call) => {
    const app = createApplication(ctx, applicationFields(call));
    return { ...entityResult(deps, call, 'applications', TYPE, app, 201), mutated: true };
  });

  router.add('GET', route(`/applications${APP_KEY}`), { roles: READ_APPS }, (call, params) =>
    entityResult(deps, call, 'applications', TYPE, requireApplication(directory(), keyFromParams(params))),
  );

  router.add('PATCH', route(`/applications${APP_KEY}`), write, (call, params) => {
    const key = keyFromParams(params);
    const fields = applicationFields(call);
    const existing = findApplication(directory(), key);
    if (!existing) {
      const wantsCreate = /create-if-missing/i.test(call.headers.prefer ?? '');
      if (key.uniqueName === undefined || !wantsCreate) throw notFound(describeKey(key));
      const created = createApplication(ctx, { ...fields, uniqueName: key.uniqueName });
      return { ...entityResult(deps, call, 'applications', TYPE, created, 201), mutated: true };
    }
    if (typeof fields.uniqueName === 'string' && fields.uniqueName !== existing.uniqueName) {
      if (existing.uniqueName !== null) badRequestReadOnly('uniqueName');
      assertUniqueNameFree(directory(), fields.uniqueName);
    }
    Object.assign(existing, fields);
    return noContent();
  });

  router.add('DELETE', route(`/applications${APP_KEY}`), { roles: WRITE_APPS }, (_call, params) => {
    softDeleteApplication(ctx, requireApplication(directory(), keyFromParams(params)));
    return noContent();
  });
}

function badRequestReadOnly(name: string): never {
  throw badRequest(`Property '${name}' is read-only and cannot be set.`);
}
