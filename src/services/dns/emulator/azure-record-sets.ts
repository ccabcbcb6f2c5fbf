// Azure DNS's view of the shared zone data: records grouped into record sets by (name, type),
// named relative to the zone ('@' for the apex), in ARM's RecordSet wire shape (property names
// as @azure/arm-dns's mappers serialise them: properties.TTL, MXRecords, TXTRecords, ...).
import type { SandboxContext } from '../../../sandbox/context.ts';
import { zoneResourceId, type ArmScope } from './azure-arm.ts';
import type { DnsRecordRecord, DnsZoneRecord, SandboxRecordType } from './model.ts';
import { dnsState } from './zone-data.ts';

/** The record types the zone data holds; Azure's others (AAAA, CNAME, SRV, ...) are not emulated. */
export const ARM_RECORD_TYPES: readonly SandboxRecordType[] = ['A', 'MX', 'NS', 'TXT'];
export const ALL_AZURE_RECORD_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'SRV', 'TXT'];

/** A DNS character-string holds at most 255 octets; Azure's REST API wants TXT text in such chunks. */
export const TXT_CHUNK = 255;

export function relativeNameOf(zone: DnsZoneRecord, fqdn: string): string {
  return fqdn === zone.name ? '@' : fqdn.slice(0, -(zone.name.length + 1));
}

export function fqdnOf(zone: DnsZoneRecord, relativeName: string): string {
  const relative = relativeName.toLowerCase();
  return relative === '@' ? zone.name : `${relative}.${zone.name}`;
}

export function splitTxt(text: string): string[] {
  const chars = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i === 0 || i < chars.length; i += TXT_CHUNK)
    chunks.push(chars.slice(i, i + TXT_CHUNK).join(''));
  return chunks;
}

/** The record sets of a zone: one per (name, type), in Azure's listing order (name, then type). */
export function recordSetsOf(
  ctx: SandboxContext,
  zone: DnsZoneRecord,
  type?: SandboxRecordType,
): Array<{ name: string; type: SandboxRecordType; records: DnsRecordRecord[] }> {
  const sets = new Map<string, { name: string; type: SandboxRecordType; records: DnsRecordRecord[] }>();
  for (const record of Object.values(dnsState(ctx).records)) {
    if (record.zoneId !== zone.id || (type !== undefined && record.type !== type)) continue;
    const key = `${record.name}|${record.type}`;
    const set = sets.get(key) ?? { name: record.name, type: record.type, records: [] };
    set.records.push(record);
    sets.set(key, set);
  }
  return [...sets.values()].sort(
    (a, b) =>
      relativeNameOf(zone, a.name).localeCompare(relativeNameOf(zone, b.name)) ||
      a.type.localeCompare(b.type),
  );
}

function typedRecords(type: SandboxRecordType, records: DnsRecordRecord[]): Record<string, unknown> {
  const sorted = [...records].sort(
    (a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.content.localeCompare(b.content),
  );
  switch (type) {
    case 'A':
      return { ARecords: sorted.map((r) => ({ ipv4Address: r.content })) };
    case 'NS':
      return { NSRecords: sorted.map((r) => ({ nsdname: r.content })) };
    case 'MX':
      return { MXRecords: sorted.map((r) => ({ preference: r.priority ?? 0, exchange: r.content })) };
    case 'TXT':
      return { TXTRecords: sorted.map((r) => ({ value: splitTxt(r.content) })) };
  }
}

export function armRecordSet(
  scope: ArmScope,
  zone: DnsZoneRecord,
  type: SandboxRecordType,
  fqdn: string,
  records: DnsRecordRecord[],
  etag: string | undefined,
): Record<string, unknown> {
  const name = relativeNameOf(zone, fqdn);
  // One TTL per set in Azure; records written through the Cloudflare API may differ: report the longest.
  const ttl = records.length === 0 ? 3600 : Math.max(...records.map((r) => r.ttl));
  return {
    id: `${zoneResourceId(scope, zone.name)}/${type}/${name}`,
    name,
    type: `Microsoft.Network/dnszones/${type}`,
    ...(etag === undefined ? {} : { etag }),
    properties: {
      metadata: {},
      TTL: ttl,
      fqdn: `${fqdn}.`,
      provisioningState: 'Succeeded',
      targetResource: {},
      ...typedRecords(type, records),
    },
  };
}
