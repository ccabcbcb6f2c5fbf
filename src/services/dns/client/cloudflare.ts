// The Cloudflare provider: zone by name, DNS records by name and type (API v4, §5.1).
// MX swaps add the new records before deleting the old ones so the name never has no MX.
import { InputError } from '../../../errors.ts';
import { CloudflareHttp, type CloudflareHttpOptions } from './cloudflare-http.ts';
import { CloudflareRecord, CloudflareZone } from './cloudflare-schema.ts';
import { sortMx, type DnsProvider, type MxRecord, type MxSet } from './provider.ts';

function fqdn(zone: string, name: string): string {
  const n = name.replace(/\.$/, '').toLowerCase();
  return n === '@' || n === '' ? zone.toLowerCase() : n;
}

export function createCloudflareProvider(options: CloudflareHttpOptions): DnsProvider {
  const http = new CloudflareHttp(options);
  const zoneIds = new Map<string, string>();

  async function zoneId(zone: string): Promise<string> {
    const cached = zoneIds.get(zone);
    if (cached) return cached;
    const zones = await http.listAll(
      'zones.list',
      `/zones?name=${encodeURIComponent(zone)}`,
      CloudflareZone,
      50, // List Zones: per_page at most 50
    );
    const found = zones.find((z) => z.name.toLowerCase() === zone.toLowerCase());
    if (!found)
      throw new InputError(`zone ${zone} is not in this Cloudflare account`, [], {
        hint: 'Check the domain, or give the API token access to the zone.',
      });
    zoneIds.set(zone, found.id);
    return found.id;
  }

  async function records(zone: string, name: string, type: 'MX' | 'TXT'): Promise<CloudflareRecord[]> {
    const id = await zoneId(zone);
    const query = `type=${type}&name=${encodeURIComponent(fqdn(zone, name))}`;
    return http.listAll(`dns_records.list`, `/zones/${id}/dns_records?${query}`, CloudflareRecord, 100);
  }

  // Cloudflare's `ttl: 1` means "automatic" (vendor-api-notes §5.1; Cloudflare API "DNS Records":
  // "Setting to 1 means 'automatic'"), which Cloudflare serves as 300 s. Steps reason in seconds
  // that resolvers cache, and write back the setting as it was (1 stays automatic).
  const AUTOMATIC = 1;
  const secondsOf = (ttl: number) => (ttl === AUTOMATIC ? 300 : ttl);
  const ttlOf = (list: CloudflareRecord[]): number | undefined =>
    list.length === 0 ? undefined : Math.max(...list.map((r) => secondsOf(r.ttl)));
  const settingOf = (list: CloudflareRecord[]): Pick<MxSet, 'ttlSetting'> =>
    list.length > 0 && list.every((r) => r.ttl === AUTOMATIC) ? { ttlSetting: AUTOMATIC } : {};

  async function create(zone: string, body: Record<string, unknown>): Promise<void> {
    await http.call(
      'dns_records.create',
      'POST',
      `/zones/${await zoneId(zone)}/dns_records`,
      CloudflareRecord,
      body,
    );
  }
  async function remove(zone: string, recordId: string): Promise<void> {
    await http.call(
      'dns_records.delete',
      'DELETE',
      `/zones/${await zoneId(zone)}/dns_records/${recordId}`,
      CloudflareRecord.pick({ id: true }),
    );
  }
  async function patchTtl(zone: string, recordId: string, ttl: number): Promise<void> {
    await http.call(
      'dns_records.edit',
      'PATCH',
      `/zones/${await zoneId(zone)}/dns_records/${recordId}`,
      CloudflareRecord,
      { ttl },
    );
  }

  return {
    kind: 'cloudflare',
    writable: true,
    async getMx(zone, name) {
      const list = await records(zone, name, 'MX');
      return {
        ttl: ttlOf(list),
        ...settingOf(list),
        records: sortMx(list.map((r) => ({ exchange: r.content, preference: r.priority ?? 0 }))),
      };
    },
    async setMx(zone, name, wanted, ttl) {
      const existing = await records(zone, name, 'MX');
      const key = (r: MxRecord) => `${r.preference} ${r.exchange.toLowerCase()}`;
      const wantedKeys = new Set(sortMx(wanted).map(key));
      const kept = new Set<string>();
      for (const record of existing) {
        const k = key({ exchange: record.content, preference: record.priority ?? 0 });
        if (wantedKeys.has(k) && !kept.has(k)) {
          kept.add(k);
          if (record.ttl !== ttl) await patchTtl(zone, record.id, ttl);
        }
      }
      for (const record of sortMx(wanted)) {
        if (kept.has(key(record))) continue;
        await create(zone, {
          type: 'MX',
          name: fqdn(zone, name),
          content: record.exchange,
          priority: record.preference,
          ttl,
          comment: 'sop-integrate',
        });
      }
      const keptOnce = new Set<string>();
      for (const record of existing) {
        const k = key({ exchange: record.content, preference: record.priority ?? 0 });
        if (wantedKeys.has(k) && !keptOnce.has(k)) {
          keptOnce.add(k);
          continue;
        }
        await remove(zone, record.id);
      }
    },
    async setMxTtl(zone, name, ttl) {
      for (const record of await records(zone, name, 'MX'))
        if (record.ttl !== ttl) await patchTtl(zone, record.id, ttl);
    },
    async getTxt(zone, name) {
      const list = await records(zone, name, 'TXT');
      return {
        ttl: ttlOf(list),
        ...settingOf(list),
        values: list.map((r) => unquoteTxt(r.content)).sort(),
      };
    },
    async replaceTxt(zone, name, from, to, ttl) {
      const list = await records(zone, name, 'TXT');
      const old = from === undefined ? undefined : list.find((r) => unquoteTxt(r.content) === from);
      if (to !== undefined && old !== undefined) {
        await http.call(
          'dns_records.update',
          'PUT',
          `/zones/${await zoneId(zone)}/dns_records/${old.id}`,
          CloudflareRecord,
          { type: 'TXT', name: fqdn(zone, name), content: to, ttl },
        );
        return;
      }
      if (to !== undefined) await create(zone, { type: 'TXT', name: fqdn(zone, name), content: to, ttl });
      if (old !== undefined) await remove(zone, old.id);
    },
  };
}

/** Cloudflare may return TXT content wrapped in quotes; compare on the text itself. */
export function unquoteTxt(content: string): string {
  return content.length >= 2 && content.startsWith('"') && content.endsWith('"')
    ? content.slice(1, -1)
    : content;
}
