// Application objects: find by uniqueName or displayName, upsert, update, delete, purge.
import { ServiceError } from '../../../errors.ts';
import { parseVendorResponse } from '../../../core/http/index.ts';
import { odataString, type GraphHttp } from './http.ts';
import { Application, DirectoryObject, type RequiredResourceAccess } from './schema.ts';

const SELECT = 'id,appId,displayName,uniqueName,notes,requiredResourceAccess,passwordCredentials';

/** The writable application fields the tool manages. */
export interface ApplicationWrite {
  displayName: string;
  signInAudience?: string;
  /** Free text; the tool writes which run created the app, so a resumed run recognises it. */
  notes?: string;
  requiredResourceAccess?: RequiredResourceAccess[];
}

export function byUniqueName(uniqueName: string): string {
  return `/applications(uniqueName=${encodeURIComponent(odataString(uniqueName))})`;
}

export async function orUndefinedWhenMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'not-found') return undefined;
    throw error;
  }
}

export function applicationsApi(http: GraphHttp) {
  const getByPath = (path: string, operation: string) =>
    orUndefinedWhenMissing(
      http.json({ operation, method: 'GET', path, query: { $select: SELECT } }, Application),
    );

  return {
    findApplicationByUniqueName: (uniqueName: string) =>
      getByPath(byUniqueName(uniqueName), 'applications.findByUniqueName'),

    getApplication: (objectId: string) =>
      getByPath(`/applications/${encodeURIComponent(objectId)}`, 'applications.get'),

    findApplicationsByDisplayName: (displayName: string) =>
      http.listAll(
        {
          operation: 'applications.findByDisplayName',
          method: 'GET',
          path: '/applications',
          query: { $filter: `displayName eq ${odataString(displayName)}`, $select: SELECT },
        },
        Application,
      ),

    /** PATCH with `Prefer: create-if-missing`: 201 with the new app, or 204 when it already existed. */
    async upsertApplicationByUniqueName(
      uniqueName: string,
      body: ApplicationWrite,
    ): Promise<{ application: Application; created: boolean }> {
      const operation = 'applications.upsert';
      const answer = await http.send({
        operation,
        method: 'PATCH',
        path: byUniqueName(uniqueName),
        headers: { Prefer: 'create-if-missing' },
        body,
        idempotent: true, // keyed by uniqueName: repeating it converges on the same object
      });
      if (answer.status === 201) {
        return {
          application: parseVendorResponse(Application, answer.body, { service: 'graph', operation }),
          created: true,
        };
      }
      const application = await getByPath(byUniqueName(uniqueName), 'applications.findByUniqueName');
      if (!application) {
        throw new ServiceError(
          'graph',
          'not-found',
          `Application ${uniqueName} vanished right after the upsert`,
          { operation },
        );
      }
      return { application, created: false };
    },

    updateApplication: async (objectId: string, patch: Partial<ApplicationWrite>): Promise<void> => {
      await http.send({
        operation: 'applications.update',
        method: 'PATCH',
        path: `/applications/${encodeURIComponent(objectId)}`,
        body: patch,
        idempotent: true,
      });
    },

    /** Soft delete: the app moves to deleted items for 30 days. */
    deleteApplication: async (objectId: string): Promise<void> => {
      await http.send({
        operation: 'applications.delete',
        method: 'DELETE',
        path: `/applications/${encodeURIComponent(objectId)}`,
      });
    },

    /** Permanent delete from deleted items, which frees the uniqueName for a re-run. */
    purgeDeletedApplication: async (objectId: string): Promise<void> => {
      await http.send({
        operation: 'deletedItems.purge',
        method: 'DELETE',
        path: `/directory/deletedItems/${encodeURIComponent(objectId)}`,
      });
    },

    listDeletedApplications: () =>
      http.listAll(
        {
          operation: 'deletedItems.listApplications',
          method: 'GET',
          path: '/directory/deletedItems/microsoft.graph.application',
        },
        DirectoryObject.extend({
          appId: Application.shape.appId.optional(),
          uniqueName: Application.shape.uniqueName,
        }),
      ),
  };
}
