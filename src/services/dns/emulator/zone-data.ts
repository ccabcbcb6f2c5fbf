// Reads and edits of the sandbox zones shared by the DNS server, the Cloudflare API and the
// resolver view. Every edit bumps the zone's SOA serial, as a real primary does.
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { DnsRecordRecord, DnsState, DnsZoneRecord, SandboxRecordType } from './model.ts';
import { currentSet, rememberReplaced } from './rrset-history.ts';
import { recordIdFor, seedDns } from './seed.ts';

export function dnsState(ctx: SandboxContext): DnsState {
  // Seeded at start (ensureDnsState); a state from before DNS existed gets the default zones.
  return (ctx.store.state.dns ??= seedDns(ctx.store.state.seed));
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The zone that holds a name: the longest zone name it ends with. */
export function zoneOf(ctx: SandboxContext, name: string): DnsZoneRecord | undefined {
  const n = normalizeName(name);
  return Object.values(dnsState(ctx).zones)
    .filter((z) => n === z.name || n.endsWith(`.${z.name}`))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

export function recordsAt(
  ctx: SandboxContext,
  zoneId: string,
  name: string,
  type?: string,
): DnsRecordRecord[] {
  const n = normalizeName(name);
  return Object.values(dnsState(ctx).records)
    .filter((r) => r.zoneId === zoneId && r.name === n && (type === undefined || r.type === type))
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.content.localeCompare(b.content));
}

export function serialOf(ctx: SandboxContext, zoneId: string): number {
  return dnsState(ctx).serials[zoneId]?.serial ?? 1;
}

function bumpSerial(ctx: SandboxContext, zoneId: string): void {
  const state = dnsState(ctx);
  state.serials[zoneId] = { zoneId, serial: serialOf(ctx, zoneId) + 1 };
}

/**
 * Runs `edit` on one name's set and keeps the set it replaced for resolvers' caches. Everything
 * `edit` does is one change: an API call that swaps a whole set is never seen half done.
 */
export function changeSet<T>(ctx: SandboxContext, name: string, type: SandboxRecordType, edit: () => T): T {
  const state = dnsState(ctx);
  const n = normalizeName(name);
  const before = currentSet(state, n, type);
  const result = edit();
  rememberReplaced(state, n, type, before, ctx.now());
  return result;
}

export function putRecord(
  ctx: SandboxContext,
  record: Omit<DnsRecordRecord, 'id'> & { id?: string },
): DnsRecordRecord {
  return changeSet(ctx, record.name, record.type, () => storeRecord(ctx, record));
}

function storeRecord(
  ctx: SandboxContext,
  record: Omit<DnsRecordRecord, 'id'> & { id?: string },
): DnsRecordRecord {
  const state = dnsState(ctx);
  let id = record.id ?? recordIdFor(record.zoneId, record.type, record.name, record.content, record.priority);
  // An id is derived from the record, so an identical second record needs a distinct one.
  for (let n = 2; record.id === undefined && state.records[id]; n++)
    id = recordIdFor(record.zoneId, record.type, record.name, `${record.content}#${n}`, record.priority);
  const stored: DnsRecordRecord = { ...record, id };
  state.records[id] = stored;
  bumpSerial(ctx, record.zoneId);
  return stored;
}

export function deleteRecord(ctx: SandboxContext, id: string): boolean {
  const record = dnsState(ctx).records[id];
  if (!record) return false;
  return changeSet(ctx, record.name, record.type, () => dropRecord(ctx, id));
}

function dropRecord(ctx: SandboxContext, id: string): boolean {
  const state = dnsState(ctx);
  const record = state.records[id];
  if (!record) return false;
  delete state.records[id];
  bumpSerial(ctx, record.zoneId);
  return true;
}

/** Replaces every record of one name and type in a single change (Azure DNS PUT, Route 53 batch). */
export function replaceSet(
  ctx: SandboxContext,
  zoneId: string,
  name: string,
  type: SandboxRecordType,
  ttl: number,
  values: Array<{ content: string; priority?: number }>,
): void {
  changeSet(ctx, name, type, () => {
    for (const record of recordsAt(ctx, zoneId, name, type)) dropRecord(ctx, record.id);
    for (const value of values) storeRecord(ctx, { zoneId, name: normalizeName(name), type, ttl, ...value });
  });
}
