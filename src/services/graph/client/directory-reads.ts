// Read-only lookups steps use as evidence: groups by name. (An app's sign-ins: sign-in-log.ts.)
import { ServiceError } from '../../../errors.ts';
import { odataString, type GraphHttp } from './http.ts';
import { Group } from './schema.ts';

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
  };
}
