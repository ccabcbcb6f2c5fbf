// Read-only lookups steps use as evidence: groups by name, sign-ins of an app.
import { ServiceError } from '../../errors.ts';
import { odataString, type GraphHttp } from './http.ts';
import { Group, SignIn } from './schema.ts';

export function directoryReadsApi(http: GraphHttp) {
  return {
    /** Undefined when absent; a conflict error when the name is ambiguous (display names are not unique). */
    async findGroupByDisplayName(displayName: string): Promise<Group | undefined> {
      const operation = 'groups.findByDisplayName';
      const groups = await http.listAll(
        {
          operation,
          method: 'GET',
          path: '/groups',
          query: { $filter: `displayName eq ${odataString(displayName)}`, $select: 'id,displayName' },
        },
        Group,
      );
      if (groups.length > 1) {
        throw new ServiceError(
          'graph',
          'conflict',
          `${groups.length} groups are named ${displayName}`,
          { operation },
          {
            hint: 'Rename the duplicates or refer to the group by its object id.',
          },
        );
      }
      return groups[0];
    },

    /** Sign-ins of an app, newest first, optionally only since a moment (e.g. when a manual step began). */
    listSignInsForApp: (appId: string, options: { since?: Date; top?: number } = {}) => {
      const filters = [`appId eq ${odataString(appId)}`];
      if (options.since) filters.push(`createdDateTime ge ${options.since.toISOString()}`);
      return http.listAll(
        {
          operation: 'signIns.listForApp',
          method: 'GET',
          path: '/auditLogs/signIns',
          query: { $filter: filters.join(' and '), ...(options.top ? { $top: String(options.top) } : {}) },
        },
        SignIn,
      );
    },
  };
}
