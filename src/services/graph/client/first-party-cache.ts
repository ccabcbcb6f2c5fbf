// Microsoft's first-party resource APIs (Microsoft Graph, Office 365 Exchange Online): their
// service principals and app roles belong to Microsoft, not the tenant, and nothing this tool
// does changes them, yet every app-registration step reads one to resolve permission names.
// One client serves one tenant for one run, so the first answer is shared for the client's life,
// including a read still in flight (steps planned concurrently make one request, not one each).
import type { ServicePrincipal } from './schema.ts';

export const FIRST_PARTY_RESOURCE_APP_IDS: ReadonlySet<string> = new Set([
  '00000003-0000-0000-c000-000000000000', // Microsoft Graph
  '00000002-0000-0ff1-ce00-000000000000', // Office 365 Exchange Online
]);

type Lookup = (appId: string) => Promise<ServicePrincipal | undefined>;

/**
 * Wraps a lookup by appId so first-party resources are read once. Only a found service principal
 * is kept: "not found" and failures are asked again next time (the tenant may be fixed meanwhile).
 */
export function cacheFirstPartyLookups(lookup: Lookup): Lookup {
  const answers = new Map<string, Promise<ServicePrincipal | undefined>>();
  return (appId) => {
    const key = appId.toLowerCase();
    if (!FIRST_PARTY_RESOURCE_APP_IDS.has(key)) return lookup(appId);
    const known = answers.get(key);
    if (known) return known;
    const pending = lookup(appId).then(
      (found) => {
        if (found === undefined) answers.delete(key);
        return found;
      },
      (error: unknown) => {
        answers.delete(key);
        throw error;
      },
    );
    answers.set(key, pending);
    return pending;
  };
}
