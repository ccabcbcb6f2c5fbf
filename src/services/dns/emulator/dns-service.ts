// The DNS provider's HTTP side of the sandbox: a Cloudflare API v4 look-alike under
// /dns/client/v4 (Bearer token, Cloudflare's envelope), and a caching resolver view under
// /dns/resolver that answers like a resolver on the internet: from its cache until the TTL ends.
import { createHash } from 'node:crypto';
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import { recordFieldProblem } from './cloudflare-body.ts';
import { AUTOMATIC, cloudflareRecord, cloudflareZone, validateRecord } from './cloudflare-records.ts';
import type { DnsZoneRecord } from './model.ts';
import { resolveCached } from './resolver-cache.ts';
import { deleteRecord, dnsState, putRecord } from './zone-data.ts';

export function sandboxCloudflareToken(seed: number): string {
  return `cfsb_${createHash('sha256').update(`cloudflare-token:${seed}`).digest('base64url').slice(0, 40)}`;
}

type Message = { code: number; message: string };

function envelope(
  status: number,
  result: unknown,
  extra: Record<string, unknown> = {},
  mutated = false,
): SandboxReply {
  return { status, mutated, body: { success: true, errors: [], messages: [], result, ...extra } };
}

function failure(status: number, errors: Message[]): SandboxReply {
  return { status, body: { success: false, errors, messages: [], result: null } };
}

/**
 * Cloudflare's page bounds per list (API docs): zones per_page default 20, 5..50; DNS records
 * default 100, 5..5,000,000. Out-of-range values are brought into range: what Cloudflare answers
 * to one is undocumented, and the reply's result_info says the page size used.
 */
const ZONE_PAGES = { fallback: 20, max: 50 };
const RECORD_PAGES = { fallback: 100, max: 5000000 };

function paged(
  items: unknown[],
  query: URLSearchParams,
  bounds: { fallback: number; max: number },
): SandboxReply {
  const asked = Number(query.get('per_page') ?? bounds.fallback) || bounds.fallback;
  const perPage = Math.min(Math.max(asked, 5), bounds.max);
  const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return envelope(200, slice, {
    result_info: {
      page,
      per_page: perPage,
      count: slice.length,
      total_count: items.length,
      total_pages: Math.max(1, Math.ceil(items.length / perPage)),
    },
  });
}

function bodyOf(request: SandboxRequest): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(request.rawBody) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function createDnsService(ctx: SandboxContext): EmulatedService {
  const token = sandboxCloudflareToken(ctx.store.state.seed);
  ctx.secrets.register(token);

  function zoneById(id: string): DnsZoneRecord | undefined {
    return dnsState(ctx).zones[id];
  }

  function zones(request: SandboxRequest): SandboxReply {
    const name = request.query.get('name');
    const list = Object.values(dnsState(ctx).zones)
      .filter((z) => name === null || z.name === name.toLowerCase())
      .sort((a, b) => a.name.localeCompare(b.name));
    return paged(list.map(cloudflareZone), request.query, ZONE_PAGES);
  }

  function listRecords(zone: DnsZoneRecord, request: SandboxRequest): SandboxReply {
    const type = request.query.get('type');
    const name = request.query.get('name') ?? request.query.get('name.exact');
    const list = Object.values(dnsState(ctx).records)
      .filter((r) => r.zoneId === zone.id)
      .filter((r) => type === null || r.type === type)
      .filter((r) => name === null || r.name === name.toLowerCase().replace(/\.$/, ''))
      .sort(
        (a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type) || a.id.localeCompare(b.id),
      );
    return paged(
      list.map((r) => cloudflareRecord(zone, r)),
      request.query,
      RECORD_PAGES,
    );
  }

  function writeRecord(zone: DnsZoneRecord, request: SandboxRequest, existingId?: string): SandboxReply {
    const body = bodyOf(request);
    if (!body) return failure(400, [{ code: 9207, message: 'Request body is invalid.' }]);
    const fieldProblem = recordFieldProblem(body);
    if (fieldProblem) return failure(400, [fieldProblem]);
    const existing = existingId === undefined ? undefined : dnsState(ctx).records[existingId];
    if (existingId !== undefined && (!existing || existing.zoneId !== zone.id))
      return failure(404, [{ code: 81044, message: 'Record does not exist.' }]);
    // PATCH merges onto the stored record; PUT and POST take the body as the whole record.
    const merged =
      request.method === 'PATCH' && existing
        ? {
            type: existing.type,
            name: existing.name,
            content: existing.content,
            ttl: existing.automatic ? AUTOMATIC : existing.ttl,
            priority: existing.priority,
            ...body,
          }
        : body;
    const checked = validateRecord(merged, zone.name, zone.minTtl ?? 60);
    if (!checked.ok) return failure(400, [{ code: checked.code, message: checked.message }]);
    const value = checked.value;
    const duplicate = Object.values(dnsState(ctx).records).find(
      (r) =>
        r.id !== existingId &&
        r.zoneId === zone.id &&
        r.type === value.type &&
        r.name === value.name &&
        r.content === value.content &&
        (r.priority ?? 0) === (value.priority ?? 0),
    );
    if (duplicate) return failure(400, [{ code: 81057, message: 'Record already exists.' }]);
    if (existingId !== undefined) delete dnsState(ctx).records[existingId];
    const stored = putRecord(ctx, {
      ...(existingId === undefined ? {} : { id: existingId }),
      zoneId: zone.id,
      ...value,
    });
    return envelope(200, cloudflareRecord(zone, stored), {}, true);
  }

  function cloudflare(request: SandboxRequest, sub: string): SandboxReply {
    if (request.headers.authorization !== `Bearer ${token}`) {
      return failure(request.headers.authorization ? 403 : 400, [
        request.headers.authorization
          ? { code: 10000, message: 'Authentication error' }
          : { code: 10001, message: 'Missing Authorization header' },
      ]);
    }
    if (sub === '/zones' && request.method === 'GET') return zones(request);
    const zoneMatch = /^\/zones\/([^/]+)(\/dns_records(?:\/([^/]+))?)?$/.exec(sub);
    if (!zoneMatch) return failure(404, [{ code: 7003, message: 'Could not route to the requested path' }]);
    const zone = zoneById(zoneMatch[1] ?? '');
    if (!zone)
      return failure(404, [
        { code: 7003, message: 'Could not route to /zones/..., perhaps your object identifier is invalid?' },
      ]);
    const recordId = zoneMatch[3];
    if (!zoneMatch[2])
      return request.method === 'GET'
        ? envelope(200, cloudflareZone(zone))
        : failure(405, [{ code: 10405, message: 'Method not allowed' }]);
    if (recordId === undefined) {
      if (request.method === 'GET') return listRecords(zone, request);
      if (request.method === 'POST') return writeRecord(zone, request);
      return failure(405, [{ code: 10405, message: 'Method not allowed' }]);
    }
    const record = dnsState(ctx).records[recordId];
    if (request.method === 'GET')
      return record && record.zoneId === zone.id
        ? envelope(200, cloudflareRecord(zone, record))
        : failure(404, [{ code: 81044, message: 'Record does not exist.' }]);
    if (request.method === 'PUT' || request.method === 'PATCH') return writeRecord(zone, request, recordId);
    if (request.method === 'DELETE') {
      if (!record || record.zoneId !== zone.id)
        return failure(404, [{ code: 81044, message: 'Record does not exist.' }]);
      deleteRecord(ctx, recordId);
      return envelope(200, { id: recordId }, {}, true);
    }
    return failure(405, [{ code: 10405, message: 'Method not allowed' }]);
  }

  return {
    name: 'dns',
    async handle(request) {
      const path = request.path.slice('/dns'.length);
      if (path.startsWith('/client/v4')) return cloudflare(request, path.slice('/client/v4'.length) || '/');
      if (path === '/resolver/resolve' && request.method === 'GET') {
        const result = resolveCached(ctx, request.query.get('name') ?? '', request.query.get('type') ?? 'A');
        return { status: 200, body: result.answer, mutated: result.mutated };
      }
      return failure(404, [{ code: 7003, message: `No route for ${request.method} ${request.path}` }]);
    },
    faultReply(_request, status, retryAfterSeconds): SandboxReply {
      return {
        status,
        headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
        body: {
          success: false,
          errors: [
            {
              code: status === 429 ? 10013 : 10002,
              message: status === 429 ? 'Rate limited' : 'Internal error',
            },
          ],
          messages: [],
          result: null,
        },
      };
    },
  };
}
