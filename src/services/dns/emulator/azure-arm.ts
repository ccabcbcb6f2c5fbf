// What the Azure Resource Manager side of the sandbox's Azure DNS shares: the subscription and
// resource group the zones live in, the ARM token audience, and ARM's error body
// `{ error: { code, message } }`.
import type { SandboxReply } from '../../../sandbox/http/types.ts';
import { seededUuid } from '../../../sandbox/ids.ts';

/** The audience of ARM tokens (scope `https://management.azure.com/.default`). */
export const ARM_RESOURCE = 'https://management.azure.com';
/** The one api-version the emulation speaks: the version @azure/arm-dns 5.x sends. */
export const DNS_API_VERSION = '2018-05-01';
export const SANDBOX_RESOURCE_GROUP = 'rg-contoso-dns';
/** Azure DNS's per-zone limits, reported on the zone and enforced on writes. */
export const MAX_RECORD_SETS_PER_ZONE = 10000;
export const MAX_RECORDS_PER_RECORD_SET = 20;

export interface ArmScope {
  subscriptionId: string;
  resourceGroup: string;
}

/** The subscription (a GUID derived from the seed) and resource group holding the sandbox zones. */
export function sandboxAzureDns(seed: number): ArmScope {
  return {
    subscriptionId: seededUuid(seed, 'azure-dns-subscription'),
    resourceGroup: SANDBOX_RESOURCE_GROUP,
  };
}

export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): SandboxReply {
  return { status, headers, body: { error: { code, message } } };
}

/** ARM ids spell the provider's type in lower case: `.../providers/Microsoft.Network/dnszones/{zone}`. */
export function zoneResourceId(scope: ArmScope, zoneName: string): string {
  return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.Network/dnszones/${zoneName}`;
}
