// /deviceAppManagement/mobileAppCategories (v1.0): list, get, create, delete; and a mobileApp's
// `categories` navigation, which is not contained, so it is written by reference: POST
// …/categories/$ref with {"@odata.id": <category URL>} and DELETE …/categories/{id}/$ref.
import { badRequest, graphFailure, notFound } from '../errors.ts';
import { route } from '../keys.ts';
import { entityResult, listResult, noContent } from '../respond.ts';
import type { GraphDeps, GraphRouter } from '../types.ts';
import { unknownPropertyMessage, writableBody } from '../validate.ts';
import type { SandboxContext } from '../../../../sandbox/context.ts';
import type { MobileAppCategoryRecord } from './model.ts';
import { APP, READ_INTUNE_APPS, WRITE_INTUNE_APPS } from './routes-apps.ts';
import { intuneState, requireApp } from './store.ts';

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const CATEGORIES = '/deviceAppManagement/mobileAppCategories';
const CATEGORY = `${CATEGORIES}/(?<category>${GUID})`;
const TYPE = 'microsoft.graph.mobileAppCategory';

function requireCategory(ctx: SandboxContext, id: string): MobileAppCategoryRecord {
  const category = intuneState(ctx).mobileAppCategories[id.toLowerCase()];
  if (!category) throw notFound(id);
  return category;
}

/** The category id an `@odata.id` reference names; a 400 for anything else. */
function referencedCategory(body: unknown, roots: string[]): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body of a $ref must be a JSON object with @odata.id.');
  const fields = body as Record<string, unknown>;
  for (const name of Object.keys(fields))
    if (name !== '@odata.id') throw badRequest(unknownPropertyMessage(name));
  const reference = fields['@odata.id'];
  if (typeof reference !== 'string' || reference === '')
    throw badRequest('The request body of a $ref must contain an @odata.id.');
  const root = roots.find((r) => reference.toLowerCase().startsWith(`${r.toLowerCase()}/`));
  const rest = root === undefined ? '' : reference.slice(root.length);
  const m = new RegExp(`^${CATEGORY}$`, 'i').exec(rest);
  if (!m?.groups?.category)
    throw badRequest(`Invalid @odata.id '${reference}': it must be the URL of a mobileAppCategory.`);
  return m.groups.category.toLowerCase();
}

export function registerIntuneCategoryRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;
  const state = () => intuneState(ctx);
  const read = { roles: READ_INTUNE_APPS };
  const write = { roles: WRITE_INTUNE_APPS };

  router.add('GET', route(CATEGORIES), read, (call) =>
    listResult(
      deps,
      call,
      'deviceAppManagement/mobileAppCategories',
      TYPE,
      sorted(state().mobileAppCategories),
      {
        filterable: ['displayName'],
      },
    ),
  );

  router.add('GET', route(CATEGORY), read, (call, params) =>
    entityResult(deps, call, 'deviceAppManagement/mobileAppCategories', TYPE, {
      '@odata.type': `#${TYPE}`,
      ...requireCategory(ctx, params.category ?? ''),
    }),
  );

  router.add('POST', route(CATEGORIES), { ...write, requestType: TYPE }, (call) => {
    const fields = writableBody(call.body, TYPE);
    const displayName = fields.displayName;
    if (typeof displayName !== 'string' || displayName.trim() === '')
      throw badRequest("Property 'displayName' is required for a mobileAppCategory.");
    const id = ctx.store.newObjectId();
    const record = { id, displayName, lastModifiedDateTime: new Date(ctx.now()).toISOString() };
    state().mobileAppCategories[id] = record;
    const result = entityResult(deps, call, 'deviceAppManagement/mobileAppCategories', TYPE, record, 201);
    return { ...result, mutated: true };
  });

  router.add('DELETE', route(CATEGORY), write, (_call, params) => {
    const category = requireCategory(ctx, params.category ?? '');
    delete state().mobileAppCategories[category.id];
    // The reference goes with the category: no app is left pointing at it.
    for (const [key, link] of Object.entries(state().appCategoryLinks))
      if (link.categoryId === category.id) delete state().appCategoryLinks[key];
    return noContent();
  });

  router.add('GET', route(`${APP}/categories`), read, (call, params) => {
    const app = requireApp(ctx, params.app ?? '');
    const ids = Object.values(state().appCategoryLinks)
      .filter((link) => link.appId === app.id)
      .map((link) => link.categoryId);
    const categories = ids.flatMap((id) => state().mobileAppCategories[id] ?? []);
    return listResult(
      deps,
      call,
      `deviceAppManagement/mobileApps('${app.id}')/categories`,
      TYPE,
      categories,
      {
        filterable: ['displayName'],
      },
    );
  });

  // References on v1.0 (declared in its CSDL) and on beta, where clients write them; the
  // @odata.id names a category on the same version.
  for (const version of ['v1.0', 'beta'] as const) {
    const prefix = version === 'beta' ? '/beta' : '';
    // Read per call: the sandbox's own URL is known only once it listens.
    const roots = () => [
      deps.graphUrl().replace(/\/v1\.0$/, `/${version}`),
      `https://graph.microsoft.com/${version}`,
    ];
    router.add(
      'POST',
      route(`${prefix}${APP}/categories/\\$ref`),
      { ...write, requestType: '$ref' },
      (call, params) => {
        const app = requireApp(ctx, params.app ?? '');
        const categoryId = referencedCategory(call.body, roots());
        requireCategory(ctx, categoryId);
        const key = `${app.id}_${categoryId}`;
        if (state().appCategoryLinks[key])
          throw graphFailure(
            400,
            'BadRequest',
            "One or more added object references already exist for the following modified properties: 'categories'.",
          );
        state().appCategoryLinks[key] = { id: key, appId: app.id, categoryId };
        return noContent();
      },
    );

    router.add(
      'DELETE',
      route(`${prefix}${APP}/categories/(?<category>${GUID})/\\$ref`),
      write,
      (_call, params) => {
        const app = requireApp(ctx, params.app ?? '');
        const key = `${app.id}_${(params.category ?? '').toLowerCase()}`;
        if (!state().appCategoryLinks[key]) throw notFound(params.category ?? '');
        delete state().appCategoryLinks[key];
        return noContent();
      },
    );
  }
}

/** Stable order for listings: by name, as the admin center shows them. */
function sorted(records: Record<string, MobileAppCategoryRecord>): MobileAppCategoryRecord[] {
  return Object.values(records).sort((a, b) => a.displayName.localeCompare(b.displayName));
}
