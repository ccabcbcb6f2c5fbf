// directory/deletedItems: list by type, get, restore, permanent delete.
import type { DeletedItemRecord } from '../../../sandbox/state/model.ts';
import { badRequest, notFound } from './errors.ts';
import { GRAPH_ACTIONS } from './schema.ts';
import { unknownPropertyMessage } from './validate.ts';
import { purgeDeletedItem, restoreDeletedItem } from './directory.ts';
import { ID, route } from './keys.ts';
import { READ_APPS, WRITE_APPS } from './permissions.ts';
import { entityResult, listResult, noContent } from './respond.ts';
import type { GraphDeps, GraphRouter } from './types.ts';

const TYPE_OF = {
  application: 'microsoft.graph.application',
  servicePrincipal: 'microsoft.graph.servicePrincipal',
} as const;

export function registerDeletedItemRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;
  const directory = () => ctx.store.state.directory;
  const requireItem = (id: string | undefined): DeletedItemRecord => {
    const item = directory().deletedItems[(id ?? '').toLowerCase()];
    if (!item) throw notFound(id ?? '');
    return item;
  };
  const typed = (item: DeletedItemRecord) => ({ '@odata.type': `#${TYPE_OF[item.kind]}`, ...item.object });

  for (const kind of ['application', 'servicePrincipal'] as const) {
    router.add(
      'GET',
      route(`/directory/deletedItems/microsoft\\.graph\\.${kind}`),
      { roles: READ_APPS },
      (call) => {
        const items = Object.values(directory().deletedItems)
          .filter((d) => d.kind === kind)
          .map((d) => d.object);
        return listResult(deps, call, `directory/deletedItems/${TYPE_OF[kind]}`, TYPE_OF[kind], items, {
          filterable: ['id', 'appId', 'displayName', 'uniqueName'],
        });
      },
    );
  }

  router.add('GET', route(`/directory/deletedItems/${ID}`), { roles: READ_APPS }, (call, params) => {
    const item = requireItem(params.id);
    return entityResult(deps, call, 'directory/deletedItems', TYPE_OF[item.kind], typed(item));
  });

  const restoreParameters = GRAPH_ACTIONS.find((a) => a.name === 'restore')?.parameters ?? {};
  router.add(
    'POST',
    route(`/directory/deletedItems/${ID}/restore`),
    { roles: WRITE_APPS, requestType: 'action:microsoft.graph.directoryObject/restore' },
    (call, params) => {
      const item = requireItem(params.id);
      if (call.body !== undefined) {
        for (const name of Object.keys(call.body as object)) {
          if (!(name in restoreParameters)) throw badRequest(unknownPropertyMessage(name));
        }
      }
      const restored = restoreDeletedItem(ctx, item);
      const result = entityResult(deps, call, 'directoryObjects', TYPE_OF[item.kind], {
        '@odata.type': `#${TYPE_OF[item.kind]}`,
        ...restored,
      });
      return { ...result, mutated: true };
    },
  );

  router.add('DELETE', route(`/directory/deletedItems/${ID}`), { roles: WRITE_APPS }, (_call, params) => {
    purgeDeletedItem(ctx, requireItem(params.id));
    return noContent();
  });
}
