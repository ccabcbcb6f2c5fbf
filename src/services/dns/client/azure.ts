// The Azure DNS provider (@azure/arm-dns). Azure keeps all records of one name and type in one
// record set, so an MX swap is a single PUT of the whole wanted set: atomic, and mail never has
// no route. Every write is etag-guarded: If-Match with the etag read just before, or
// If-None-Match: * when the set did not exist, so a concurrent edit is refused (412), never
// overwritten.
import type { DnsManagementClient, RecordSet } from '@azure/arm-dns';
import type { TokenCredential } from '@azure/identity';
import type { Redactor } from '../../../redact.ts';
import { createArmDnsClient, type AzureRetryOptions } from './azure-client.ts';
import { isRecordSetNotFound, mapAzureError, type AzureCallContext } from './azure-errors.ts';
import {
  fqdnOf,
  normalizeZone,
  readRecordSet,
  relativeName,
  splitTxt,
  type ReadRecordSet,
} from './azure-records.ts';
import { sameMx, sortMx, swapTxtValue, type DnsProvider } from './provider.ts';

export interface AzureDnsProviderOptions {
  subscriptionId: string;
  resourceGroup: string;
  /** ARM base: https://management.azure.com, or the sandbox's `${url}/arm`. */
  endpoint: string;
  /** Signs in for the scope https://management.azure.com/.default. */
  credential: TokenCredential;
  redactor: Redactor;
  /** Bounds of the SDK's own retries (429 Retry-After, 5xx, network); tests make them short. */
  retry?: AzureRetryOptions;
}

type SetType = 'MX' | 'TXT';

export function createAzureDnsProvider(options: AzureDnsProviderOptions): DnsProvider {
  const { resourceGroup, subscriptionId, redactor } = options;
  const client: DnsManagementClient = createArmDnsClient(options);
  const checkedZones = new Map<string, Promise<void>>();

  async function call<T>(
    operation: string,
    zone: string,
    run: () => Promise<T>,
    recordSet?: AzureCallContext['recordSet'],
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw mapAzureError(error, {
        operation,
        zone,
        subscriptionId,
        resourceGroup,
        redactor,
        ...(recordSet ? { recordSet } : {}),
      });
    }
  }

  /** The first use of a zone reads it, so a wrong subscription, group or zone name fails clearly. */
  function checkZone(zone: string): Promise<void> {
    let checked = checkedZones.get(zone);
    if (!checked) {
      checked = call('zones.get', zone, async () => {
        await client.zones.get(resourceGroup, zone);
      });
      checkedZones.set(zone, checked);
      checked.catch(() => checkedZones.delete(zone));
    }
    return checked;
  }

  async function readSet(zoneName: string, name: string, type: SetType) {
    const zone = normalizeZone(zoneName);
    const relative = relativeName(zone, name);
    const target = { zone, relative, type, recordSet: { type, fqdn: fqdnOf(zone, relative) } };
    await checkZone(zone);
    const set = await call(
      'recordSets.get',
      zone,
      async () => {
        try {
          return await client.recordSets.get(resourceGroup, zone, relative, type);
        } catch (error) {
          if (isRecordSetNotFound(error)) return undefined;
          throw error;
        }
      },
      target.recordSet,
    );
    return { ...target, current: set === undefined ? undefined : readRecordSet(set, 'recordSets.get') };
  }

  type Target = Awaited<ReturnType<typeof readSet>>;

  /** PUT the whole set, guarded by the etag of the read (or by its absence). */
  async function putSet(target: Target, body: RecordSet): Promise<void> {
    const guard = target.current ? { ifMatch: target.current.etag } : { ifNoneMatch: '*' };
    const metadata = target.current?.metadata;
    await call(
      'recordSets.createOrUpdate',
      target.zone,
      () =>
        client.recordSets.createOrUpdate(
          resourceGroup,
          target.zone,
          target.relative,
          target.type,
          { ...body, ...(metadata ? { metadata } : {}) },
          guard,
        ),
      target.recordSet,
    );
  }

  async function deleteSet(target: Target & { current: ReadRecordSet }): Promise<void> {
    await call(
      'recordSets.delete',
      target.zone,
      () =>
        client.recordSets.delete(resourceGroup, target.zone, target.relative, target.type, {
          ifMatch: target.current.etag,
        }),
      target.recordSet,
    );
  }

  return {
    kind: 'azure',
    writable: true,
    async getMx(zone, name) {
      const { current } = await readSet(zone, name, 'MX');
      return current ? { ttl: current.ttl, records: current.mx } : { ttl: undefined, records: [] };
    },
    async setMx(zone, name, records, ttl) {
      const target = await readSet(zone, name, 'MX');
      const { current } = target;
      if (current && current.ttl === ttl && sameMx(current.mx, records)) return;
      if (records.length === 0) {
        if (current) await deleteSet({ ...target, current });
        return;
      }
      await putSet(target, { ttl, mxRecords: sortMx(records) });
    },
    async setMxTtl(zone, name, ttl) {
      const target = await readSet(zone, name, 'MX');
      // No MX set: nothing has a TTL to change (the Cloudflare provider behaves the same).
      if (!target.current || target.current.ttl === ttl) return;
      await putSet(target, { ttl, mxRecords: target.current.mx });
    },
    async getTxt(zone, name) {
      const { current } = await readSet(zone, name, 'TXT');
      return current ? { ttl: current.ttl, values: [...current.txt].sort() } : { ttl: undefined, values: [] };
    },
    async replaceTxt(zone, name, from, to, ttl) {
      const target = await readSet(zone, name, 'TXT');
      const { current } = target;
      const before = current?.txt ?? [];
      const next = swapTxtValue(before, from, to);
      if (next.length === before.length && next.every((v) => before.includes(v))) return;
      if (next.length === 0) {
        if (current) await deleteSet({ ...target, current });
        return;
      }
      // Azure has one TTL per record set: the TTL given for the new value applies to the set.
      await putSet(target, { ttl, txtRecords: next.map((value) => ({ value: splitTxt(value) })) });
    },
  };
}
