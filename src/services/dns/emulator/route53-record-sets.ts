// The zone data seen as Route 53 resource record sets: one set per name and type, with a single
// TTL, listed in Route 53's order (names compared label by label from the right, then type).
import type { SandboxContext } from '../../../sandbox/context.ts';
import { SOA_MINIMUM, SOA_TTL } from './answer.ts';
import type { DnsZoneRecord, SandboxRecordType } from './model.ts';
import { renderValue, valueKey } from './route53-values.ts';
import { dnsState, serialOf } from './zone-data.ts';

export interface Route53RecordSet {
  /** Lower case, no trailing dot. */
  name: string;
  type: SandboxRecordType | 'SOA';
  ttl: number;
  /** Route 53's text form of each value. */
  values: string[];
  /** valueKey of each value, for exact-match comparisons. */
  keys: string[];
}

export function fqdn(name: string): string {
  return `${name}.`;
}

/** Route 53 sorts by name with the labels reversed ("example.contoso.www"), then by type. */
export function compareSets(a: { name: string; type: string }, b: { name: string; type: string }): number {
  const la = a.name.split('.').reverse();
  const lb = b.name.split('.').reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const x = la[i]!;
    const y = lb[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (la.length !== lb.length) return la.length - lb.length;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

/** The SOA set Route 53 lists at the apex; its serial follows the zone data's. */
function soaSet(ctx: SandboxContext, zone: DnsZoneRecord): Route53RecordSet {
  const primary = zone.nameServers[0] ?? `ns1.${zone.name}`;
  const value = `${primary}. hostmaster.${zone.name}. ${serialOf(ctx, zone.id)} 7200 900 1209600 ${SOA_MINIMUM}`;
  return { name: zone.name, type: 'SOA', ttl: SOA_TTL, values: [value], keys: [value] };
}

export function recordSetsOf(ctx: SandboxContext, zone: DnsZoneRecord): Route53RecordSet[] {
  const sets = new Map<string, Route53RecordSet>();
  const records = Object.values(dnsState(ctx).records)
    .filter((r) => r.zoneId === zone.id)
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.content.localeCompare(b.content));
  for (const record of records) {
    const key = `${record.name}|${record.type}`;
    const set = sets.get(key) ?? { name: record.name, type: record.type, ttl: 0, values: [], keys: [] };
    // Route 53 has one TTL per set; records written through another API may differ: show the longest.
    set.ttl = Math.max(set.ttl, record.ttl);
    set.values.push(renderValue(record));
    set.keys.push(valueKey(record.type, record.content, record.priority));
    sets.set(key, set);
  }
  return [...sets.values(), soaSet(ctx, zone)].sort(compareSets);
}

export function recordSetAt(
  ctx: SandboxContext,
  zone: DnsZoneRecord,
  name: string,
  type: string,
): Route53RecordSet | undefined {
  return recordSetsOf(ctx, zone).find((s) => s.name === name && s.type === type);
}
