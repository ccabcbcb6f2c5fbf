// Service principals: lookup by appId, idempotent create (upsert), delete.
import { ServiceError } from '../../../errors.ts';
import { parseVendorResponse } from '../../../core/http/index.ts';
import { orUndefinedWhenMissing } from './applications.ts';
import { cacheFirstPartyLookups } from './first-party-cache.ts';
import { odataString, type GraphHttp } from './http.ts';
import { ServicePrincipal } from './schema.ts';

const SELECT = 'id,appId,displayName,notes,appRoles';

function byAppId(appId: string): string {
  return `/servicePrincipals(appId=${encodeURIComponent(odataString(appId))})`;
}

export function servicePrincipalsApi(http: GraphHttp) {
  const read = (appId: string) =>
    orUndefinedWhenMissing(
      http.json(
        {
          operation: 'servicePrincipals.getByAppId',
          method: 'GET',
          path: byAppId(appId),
          query: { $select: SELECT },
        },
        ServicePrincipal,
      ),
    );
  // Reads of Microsoft's own resource SPs (Graph's appRoles) are shared for the client's life;
  // the tenant's own SPs are always read live (apply creates them, verify must see that).
  const get = cacheFirstPartyLookups(read);

  return {
    getServicePrincipalByAppId: get,

    /** PATCH with `Prefer: create-if-missing`: 201 when created, 204 when it already existed. */
    async createServicePrincipal(
      appId: string,
      fields: { notes?: string } = {},
    ): Promise<{ servicePrincipal: ServicePrincipal; created: boolean }> {
      const operation = 'servicePrincipals.upsert';
      const answer = await http.send({
        operation,
        method: 'PATCH',
        path: byAppId(appId),
        headers: { Prefer: 'create-if-missing' },
        // Only sent when creating matters: on an existing SP the upsert would overwrite these fields.
        body: fields,
        idempotent: true,
      });
      if (answer.status === 201) {
        return {
          servicePrincipal: parseVendorResponse(ServicePrincipal, answer.body, {
            service: 'graph',
            operation,
          }),
          created: true,
        };
      }
      const servicePrincipal = await get(appId);
      if (!servicePrincipal) {
        throw new ServiceError(
          'graph',
          'not-found',
          `Service principal for ${appId} vanished right after the upsert`,
          { operation },
        );
      }
      return { servicePrincipal, created: false };
    },

    /** Permanent delete from deleted items (a deleted SP waits there like an app does). */
    purgeDeletedServicePrincipal: async (id: string): Promise<void> => {
      await http.send({
        operation: 'deletedItems.purge',
        method: 'DELETE',
        path: `/directory/deletedItems/${encodeURIComponent(id)}`,
      });
    },

    deleteServicePrincipal: async (id: string): Promise<void> => {
      await http.send({
        operation: 'servicePrincipals.delete',
        method: 'DELETE',
        path: `/servicePrincipals/${encodeURIComponent(id)}`,
      });
    },
  };
}
