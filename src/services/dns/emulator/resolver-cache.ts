// A caching resolver as senders on the internet have: the first question fills the cache from
// the authoritative data, later questions get the cached answer until its TTL has run out. This
// is why the old MX TTL must expire before a cutover takes effect everywhere.
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { ResolverCacheEntry, SandboxRecordType } from './model.ts';
import { dnsState, normalizeName, recordsAt, zoneOf } from './zone-data.ts';

export interface ResolverAnswer {
  name: string;
  type: string;
  /** 'cache' while a cached answer is still fresh, 'authoritative' when it was (re)fetched. */
  source: 'cache' | 'authoritative';
  /** Seconds the answer may still be cached. */
  ttlRemaining: number;
  records: Array<{ content: string; priority?: number }>;
}

const TYPES = new Set<SandboxRecordType>(['A', 'NS', 'MX', 'TXT']);

export function resolveCached(
  ctx: SandboxContext,
  rawName: string,
  rawType: string,
): { answer: ResolverAnswer; mutated: boolean } {
  const name = normalizeName(rawName);
  const type = (
    TYPES.has(rawType.toUpperCase() as SandboxRecordType) ? rawType.toUpperCase() : 'A'
  ) as SandboxRecordType;
  const key = `${type} ${name}`;
  const cache = dnsState(ctx).resolverCache;
  const now = ctx.now();
  const cached = cache[key];
  if (cached) {
    const left = Date.parse(cached.cachedAt) + cached.ttl * 1000 - now;
    if (left > 0)
      return {
        answer: {
          name,
          type,
          source: 'cache',
          ttlRemaining: Math.ceil(left / 1000),
          records: cached.records,
        },
        mutated: false,
      };
  }
  const zone = zoneOf(ctx, name);
  const records = zone ? recordsAt(ctx, zone.id, name, type) : [];
  // A negative answer is cached for the SOA minimum (RFC 2308); a positive one for the lowest TTL.
  const ttl = records.length > 0 ? Math.min(...records.map((r) => r.ttl)) : 300;
  const entry: ResolverCacheEntry = {
    id: key,
    name,
    type,
    cachedAt: new Date(now).toISOString(),
    ttl,
    records: records.map((r) => ({
      content: r.content,
      ...(r.priority === undefined ? {} : { priority: r.priority }),
    })),
  };
  cache[key] = entry;
  return {
    answer: { name, type, source: 'authoritative', ttlRemaining: ttl, records: entry.records },
    mutated: true,
  };
}
