// The DNS section of the sandbox state: zones and their records, edited through the
// Cloudflare-compatible API and served by the authoritative DNS server on loopback.

export type SandboxRecordType = 'A' | 'NS' | 'MX' | 'TXT';

export interface DnsZoneRecord {
  id: string;
  name: string;
  /** The zone's NS host names, as Cloudflare reports them in `name_servers`. */
  nameServers: string[];
  /** The account the zone belongs to; the API token sees only its own zones. */
  account: string;
  /** Lowest TTL the API accepts besides 1 (automatic): 60, or 30 on Enterprise plans; tests lower it. */
  minTtl: number;
}

export interface DnsRecordRecord {
  /** Cloudflare record id: derived from the record's identity so re-creating it gives the same id. */
  id: string;
  zoneId: string;
  /** Fully qualified, lower case, no trailing dot. */
  name: string;
  type: SandboxRecordType;
  content: string;
  priority?: number;
  /** Seconds the record is served with. */
  ttl: number;
  /**
   * Cloudflare's "automatic" TTL (written as `ttl: 1`): served as 300 s, which `ttl` then holds;
   * the Cloudflare API shows it as 1 again. Only the Cloudflare API (and the seed) set it.
   */
  automatic?: boolean;
}

/** What a caching resolver out on the internet holds: the answer it got and when. */
export interface ResolverCacheEntry {
  id: string;
  name: string;
  type: SandboxRecordType;
  cachedAt: string;
  ttl: number;
  records: Array<{ content: string; priority?: number }>;
}

/** A record set as it was served until `until`; resolvers may hold it `ttl` seconds longer. */
export interface RrsetHistoryEntry {
  id: string;
  name: string;
  type: SandboxRecordType;
  records: Array<{ content: string; priority?: number }>;
  ttl: number;
  until: string;
}

export interface DnsState {
  zones: Record<string, DnsZoneRecord>;
  records: Record<string, DnsRecordRecord>;
  /** SOA serial per zone id; bumps on every change, so it is bookkeeping, not configuration. */
  serials: Record<string, { zoneId: string; serial: number }>;
  resolverCache: Record<string, ResolverCacheEntry>;
  /** Sets replaced while resolvers may still cache them (rrset-history.ts); what senders see. */
  rrsetHistory?: Record<string, RrsetHistoryEntry>;
  /** Azure DNS record-set etags, keyed `zoneId|TYPE|name`; bookkeeping of the ARM emulation. */
  azureEtags?: Record<string, AzureRecordSetEtag>;
  /** Route 53 change batches (ChangeInfo), kept so GetChange answers after a restart too. */
  route53Changes?: Record<string, Route53ChangeRecord>;
}

/** One Route 53 ChangeResourceRecordSets batch: PENDING until `insyncAt`, then INSYNC. */
export interface Route53ChangeRecord {
  /** Without the "/change/" prefix, e.g. C2682N5HXP0BZ4. */
  id: string;
  submittedAt: string;
  insyncAt: string;
  comment?: string;
}

/** The etag Azure DNS gave a record set, and the content it was given for (see azure-etags.ts). */
export interface AzureRecordSetEtag {
  etag: string;
  fingerprint: string;
}

/** Collections the state diff skips (a serial or a cache never comes back on rollback). */
export const DNS_VOLATILE_COLLECTIONS = [
  'dns.serials',
  'dns.resolverCache',
  'dns.rrsetHistory',
  'dns.azureEtags',
  'dns.route53Changes',
];
