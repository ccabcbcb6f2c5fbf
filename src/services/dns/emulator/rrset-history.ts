// What senders' resolvers on the internet may still hold after a record set changed. A resolver
// that asked just before a change keeps the old answer for that answer's TTL (RFC 1034 §4.3.5,
// RFC 2181 §5.2), so for a while after an MX or SPF change some senders still use the old one.
// Each change of a set leaves the set it replaced here, with the moment it stopped being served;
// the mail simulation delivers as a sender whose resolver cached the oldest such answer would.
import type { DnsRecordRecord, DnsState, RrsetHistoryEntry, SandboxRecordType } from './model.ts';

export interface RrsetView {
  records: Array<{ content: string; priority?: number }>;
  /** Seconds, as the authoritative servers serve it (lowest TTL of the set). */
  ttl: number;
}

function keyOf(name: string, type: string): string {
  return `${type} ${name}`;
}

export function currentSet(dns: DnsState, name: string, type: SandboxRecordType): RrsetView {
  const records = Object.values(dns.records)
    .filter((r) => r.name === name && r.type === type)
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.content.localeCompare(b.content));
  return viewOf(records);
}

function viewOf(records: DnsRecordRecord[]): RrsetView {
  return {
    records: records.map((r) => ({
      content: r.content,
      ...(r.priority === undefined ? {} : { priority: r.priority }),
    })),
    // An empty answer is cached for the SOA minimum (RFC 2308); the sandbox's is 300 s.
    ttl: records.length === 0 ? 300 : Math.min(...records.map((r) => r.ttl)),
  };
}

function sameView(a: RrsetView, b: RrsetView): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Call before a set changes, with the set as it is now; `after` tells whether it did change.
 * Entries whose cached copies have all expired are dropped, so the history stays small.
 */
export function rememberReplaced(
  dns: DnsState,
  name: string,
  type: SandboxRecordType,
  before: RrsetView,
  now: number,
): void {
  const after = currentSet(dns, name, type);
  if (sameView(before, after)) return;
  const history = (dns.rrsetHistory ??= {});
  for (const [id, entry] of Object.entries(history))
    if (Date.parse(entry.until) + entry.ttl * 1000 <= now) delete history[id];
  const id = `${keyOf(name, type)} ${new Date(now).toISOString()} ${Object.keys(history).length}`;
  history[id] = {
    id,
    name,
    type,
    records: before.records,
    ttl: before.ttl,
    until: new Date(now).toISOString(),
  };
}

export type ResolverView = 'cached' | 'fresh';

export interface SenderAnswer extends RrsetView {
  /** 'cached': an answer the authoritative servers no longer give, still in some resolver's cache. */
  source: 'authoritative' | 'cached';
}

/**
 * The answer a sender gets for `name` at `now`. `fresh`: what the authoritative servers answer.
 * `cached` (the default of the mail simulation): the oldest answer any resolver may still hold,
 * i.e. a sender whose resolver asked just before the earliest change that is not yet expired.
 */
export function senderAnswer(
  dns: DnsState,
  name: string,
  type: SandboxRecordType,
  now: number,
  view: ResolverView = 'cached',
): SenderAnswer {
  const current = currentSet(dns, name, type);
  if (view === 'fresh') return { ...current, source: 'authoritative' };
  const stale = Object.values(dns.rrsetHistory ?? {})
    .filter((e: RrsetHistoryEntry) => e.name === name && e.type === type)
    .map((e) => ({ entry: e, expires: Date.parse(e.until) + e.ttl * 1000 }))
    .filter((e) => e.expires > now)
    .sort((a, b) => Date.parse(a.entry.until) - Date.parse(b.entry.until))[0];
  if (!stale) return { ...current, source: 'authoritative' };
  return {
    records: stale.entry.records,
    ttl: stale.entry.ttl,
    source: 'cached',
  };
}
