// What every DNS provider offers the MX cutover steps. `writable: false` (the `manual` provider)
// means an operator makes the change from printed instructions and the step verifies it at the
// authoritative servers.

export interface MxRecord {
  exchange: string;
  preference: number;
}

export interface MxSet {
  /** Seconds resolvers may cache the set; undefined when the name has no MX records. */
  ttl: number | undefined;
  /**
   * The provider's own TTL value when it is not a number of seconds (Cloudflare's 1, "automatic",
   * served as 300 s): what undo writes back so the setting is restored exactly.
   */
  ttlSetting?: number;
  records: MxRecord[];
}

export interface TxtSet {
  /** Seconds resolvers may cache the set; undefined when the name has no TXT records. */
  ttl: number | undefined;
  /** As for MxSet. */
  ttlSetting?: number;
  values: string[];
}

export type DnsProviderKind = 'cloudflare' | 'azure' | 'route53' | 'manual';

export interface DnsProvider {
  readonly kind: DnsProviderKind;
  readonly writable: boolean;
  getMx(zone: string, name: string): Promise<MxSet>;
  /** Makes the name's MX set exactly `records` with `ttl`; adds before it removes, so mail always has a route. */
  setMx(zone: string, name: string, records: MxRecord[], ttl: number): Promise<void>;
  /** Changes the TTL of the existing MX records only. */
  setMxTtl(zone: string, name: string, ttl: number): Promise<void>;
  getTxt(zone: string, name: string): Promise<TxtSet>;
  /** Replaces TXT value `from` with `to` (either may be undefined: create or delete). */
  replaceTxt(
    zone: string,
    name: string,
    from: string | undefined,
    to: string | undefined,
    ttl: number,
  ): Promise<void>;
}

export function sortMx(records: MxRecord[]): MxRecord[] {
  return [...records]
    .map((r) => ({ exchange: r.exchange.toLowerCase().replace(/\.$/, ''), preference: r.preference }))
    .sort((a, b) => a.preference - b.preference || a.exchange.localeCompare(b.exchange));
}

export function sameMx(a: MxRecord[], b: MxRecord[]): boolean {
  return JSON.stringify(sortMx(a)) === JSON.stringify(sortMx(b));
}

/** The TXT values of a name after `replaceTxt(from, to)`: `from` out, `to` in once, the rest kept. */
export function swapTxtValue(
  values: readonly string[],
  from: string | undefined,
  to: string | undefined,
): string[] {
  const next = [...values];
  const old = from === undefined ? -1 : next.indexOf(from);
  if (old >= 0) next.splice(old, 1);
  if (to !== undefined && !next.includes(to)) next.push(to);
  return next;
}

export function formatMx(records: MxRecord[]): string {
  return records.length === 0
    ? '(none)'
    : sortMx(records)
        .map((r) => `${r.preference} ${r.exchange}`)
        .join(', ');
}

export type DnsWrite = 'setMx' | 'setMxTtl' | 'createTxt' | 'updateTxt';

/** The provider's own request behind each write, as plans list it for reviewers. */
const WRITE_CALLS: Record<DnsProviderKind, Record<DnsWrite, string>> = {
  cloudflare: {
    setMx: 'POST+DELETE dns_records',
    setMxTtl: 'PATCH dns_records',
    createTxt: 'POST dns_records',
    updateTxt: 'PUT dns_records',
  },
  azure: {
    setMx: 'PUT recordsets/MX (If-Match etag)',
    setMxTtl: 'PUT recordsets/MX (If-Match etag)',
    createTxt: 'PUT recordsets/TXT (If-Match etag or If-None-Match *)',
    updateTxt: 'PUT recordsets/TXT (If-Match etag)',
  },
  route53: {
    setMx: 'ChangeResourceRecordSets MX, then GetChange until INSYNC',
    setMxTtl: 'ChangeResourceRecordSets MX, then GetChange until INSYNC',
    createTxt: 'ChangeResourceRecordSets TXT, then GetChange until INSYNC',
    updateTxt: 'ChangeResourceRecordSets TXT, then GetChange until INSYNC',
  },
  manual: {
    setMx: 'operator edits MX',
    setMxTtl: 'operator edits MX TTL',
    createTxt: 'operator adds TXT',
    updateTxt: 'operator edits TXT',
  },
};

export function writeCall(kind: DnsProviderKind, write: DnsWrite): string {
  return `${kind} ${WRITE_CALLS[kind][write]}`;
}
