// Finds the NinjaOne organization and location a runbook names (by name or numeric id), with
// errors that say what exists instead.
import { ServiceError } from '../../../../errors.ts';
import type { Location, NinjaOneClient, Organization } from '../../client/index.ts';

export async function resolveOrganization(ninja: NinjaOneClient, nameOrId: string): Promise<Organization> {
  const org = await ninja.findOrganization(nameOrId);
  if (org) return org;
  const names = (await ninja.listOrganizations()).map((o) => `${o.name} (${o.id})`);
  throw new ServiceError(
    'ninjaone',
    'not-found',
    `NinjaOne has no organization ${nameOrId}`,
    { operation: 'organizations.find' },
    { hint: `Use one of: ${names.slice(0, 10).join(', ') || 'none visible to this API client'}.` },
  );
}

export async function resolveLocation(
  ninja: NinjaOneClient,
  org: Organization,
  nameOrId: string,
): Promise<Location> {
  const location = await ninja.findLocation(org.id, nameOrId);
  if (location) return location;
  const names = (await ninja.listLocations(org.id)).map((l) => `${l.name} (${l.id})`);
  throw new ServiceError(
    'ninjaone',
    'not-found',
    `Organization ${org.name} has no location ${nameOrId}`,
    { operation: 'locations.find' },
    { hint: `Use one of: ${names.join(', ') || 'no locations yet'}.` },
  );
}
