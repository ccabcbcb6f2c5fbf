// An AWS Route 53 look-alike under /route53 (REST-XML API 2013-04-01, SigV4-signed requests):
// hosted zones over the sandbox's shared zone data, record sets listed and paged as Route 53
// does, all-or-nothing change batches, and changes that go PENDING -> INSYNC. Writes go through
// zone-data.ts, so the loopback authoritative DNS server answers what Route 53 was told.
import { createHash } from 'node:crypto';
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import type { DnsZoneRecord } from './model.ts';
import { applyChangeBatch, changeInfo } from './route53-changes.ts';
import { compareSets, fqdn, recordSetsOf } from './route53-record-sets.ts';
import { verifySigV4 } from './route53-sigv4.ts';
import { changeBatchSchemaProblem } from './route53-schema.ts';
import { parseXml, xmlError, xmlReply } from './route53-xml.ts';
import { dnsState, normalizeName } from './zone-data.ts';

export const ROUTE53_REGION = 'us-east-1';
/** How long a change stays PENDING by default: long enough to be seen, short enough for tests. */
export const DEFAULT_ROUTE53_CHANGE_DELAY_MS = 300;
const API = '/route53/2013-04-01';
const MAX_ITEMS = 300;

export interface Route53ServiceOptions {
  /** Milliseconds a change stays PENDING before GetChange reports INSYNC. */
  changeDelayMs?: number | undefined;
}

/** The sandbox's AWS access key (sandbox-only; valid nowhere else), derived from the seed. */
export function sandboxRoute53Credentials(seed: number): {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
} {
  const digest = (label: string) => createHash('sha256').update(`route53:${label}:${seed}`).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const keyId = [...digest('key-id').subarray(0, 16)].map((b) => alphabet[b % 32]).join('');
  return {
    accessKeyId: `AKIA${keyId}`,
    secretAccessKey: digest('secret').toString('base64').slice(0, 40),
    region: ROUTE53_REGION,
  };
}

/** Route 53 ids are "Z" and upper-case letters and digits; derived from the zone's own id. */
export function hostedZoneIdOf(zone: DnsZoneRecord): string {
  return `Z${zone.id.slice(0, 20).toUpperCase()}`;
}

function hostedZone(ctx: SandboxContext, zone: DnsZoneRecord): Record<string, unknown> {
  return {
    Id: `/hostedzone/${hostedZoneIdOf(zone)}`,
    Name: fqdn(zone.name),
    CallerReference: `sandbox-${zone.id.slice(0, 8)}`,
    Config: { Comment: `${zone.name} (sandbox)`, PrivateZone: false },
    ResourceRecordSetCount: recordSetsOf(ctx, zone).length,
  };
}

function maxItems(query: URLSearchParams, requestId: string): number | SandboxReply {
  const raw = query.get('maxitems');
  if (raw === null) return MAX_ITEMS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_ITEMS)
    return xmlError(
      400,
      'InvalidInput',
      `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must be between 1 and ${MAX_ITEMS}`,
      requestId,
    );
  return n;
}

export function createRoute53Service(
  ctx: SandboxContext,
  options: Route53ServiceOptions = {},
): EmulatedService {
  const keys = sandboxRoute53Credentials(ctx.store.state.seed);
  ctx.secrets.register(keys.secretAccessKey);
  const delayMs = options.changeDelayMs ?? DEFAULT_ROUTE53_CHANGE_DELAY_MS;

  const zoneByHostedId = (id: string) =>
    Object.values(dnsState(ctx).zones).find((z) => hostedZoneIdOf(z) === id.replace(/^\/?hostedzone\//, ''));
  const noSuchZone = (id: string, rid: string) =>
    xmlError(404, 'NoSuchHostedZone', `No hosted zone found with ID: ${id}`, rid);

  function listZonesByName(request: SandboxRequest): SandboxReply {
    const rid = request.requestId;
    const limit = maxItems(request.query, rid);
    if (typeof limit !== 'number') return limit;
    const dnsName = request.query.get('dnsname');
    const start = dnsName === null ? undefined : normalizeName(dnsName);
    const zones = Object.values(dnsState(ctx).zones)
      .map((zone) => ({ zone, name: zone.name, type: '' }))
      .sort(compareSets)
      .filter((z) => start === undefined || compareSets(z, { name: start, type: '' }) >= 0);
    const page = zones.slice(0, limit);
    const next = zones[limit];
    return xmlReply(
      200,
      'ListHostedZonesByNameResponse',
      {
        HostedZones: { HostedZone: page.map((z) => hostedZone(ctx, z.zone)) },
        ...(dnsName === null ? {} : { DNSName: fqdn(start ?? '') }),
        IsTruncated: next !== undefined,
        ...(next ? { NextDNSName: fqdn(next.name), NextHostedZoneId: hostedZoneIdOf(next.zone) } : {}),
        MaxItems: limit,
      },
      rid,
    );
  }

  function listRecordSets(zone: DnsZoneRecord, request: SandboxRequest): SandboxReply {
    const rid = request.requestId;
    const limit = maxItems(request.query, rid);
    if (typeof limit !== 'number') return limit;
    const name = request.query.get('name');
    const type = request.query.get('type');
    if (type !== null && name === null)
      return xmlError(400, 'InvalidInput', 'The input is not valid: type requires name', rid);
    const from = name === null ? undefined : { name: normalizeName(name), type: type ?? '' };
    const sets = recordSetsOf(ctx, zone).filter((s) => from === undefined || compareSets(s, from) >= 0);
    const page = sets.slice(0, limit);
    const next = sets[limit];
    return xmlReply(
      200,
      'ListResourceRecordSetsResponse',
      {
        ResourceRecordSets: {
          ResourceRecordSet: page.map((s) => ({
            Name: fqdn(s.name),
            Type: s.type,
            TTL: s.ttl,
            ResourceRecords: { ResourceRecord: s.values.map((Value) => ({ Value })) },
          })),
        },
        IsTruncated: next !== undefined,
        ...(next ? { NextRecordName: fqdn(next.name), NextRecordType: next.type } : {}),
        MaxItems: limit,
      },
      rid,
    );
  }

  function changeRecordSets(zone: DnsZoneRecord, request: SandboxRequest): SandboxReply {
    const rid = request.requestId;
    const doc = parseXml(request.rawBody);
    if (!doc) return xmlError(400, 'InvalidInput', 'Invalid XML ; the request body is not XML', rid);
    const schemaProblem = changeBatchSchemaProblem(doc);
    if (schemaProblem !== undefined) return xmlError(400, 'InvalidInput', schemaProblem, rid);
    const outcome = applyChangeBatch(ctx, zone, doc, delayMs);
    if (!outcome.ok) return xmlError(400, outcome.code, outcome.message, rid);
    return xmlReply(
      200,
      'ChangeResourceRecordSetsResponse',
      { ChangeInfo: changeInfo(ctx, outcome.change) },
      rid,
      true,
    );
  }

  function route(request: SandboxRequest, path: string): SandboxReply {
    const rid = request.requestId;
    const get = request.method === 'GET';
    if (path === '/hostedzonesbyname' && get) return listZonesByName(request);
    const change = /^\/change\/(?:change\/)?([^/]+)$/.exec(path);
    if (change && get) {
      const found = dnsState(ctx).route53Changes?.[change[1] ?? ''];
      return found
        ? xmlReply(200, 'GetChangeResponse', { ChangeInfo: changeInfo(ctx, found) }, rid)
        : xmlError(
            404,
            'NoSuchChange',
            `A change with the specified change ID does not exist: ${change[1]}`,
            rid,
          );
    }
    const zoneMatch = /^\/hostedzone\/([^/]+)(\/rrset)?$/.exec(path);
    if (zoneMatch) {
      const id = zoneMatch[1] ?? '';
      const zone = zoneByHostedId(id);
      if (!zone) return noSuchZone(id, rid);
      if (!zoneMatch[2] && get)
        return xmlReply(
          200,
          'GetHostedZoneResponse',
          {
            HostedZone: hostedZone(ctx, zone),
            DelegationSet: { NameServers: { NameServer: zone.nameServers } },
          },
          rid,
        );
      if (zoneMatch[2] && get) return listRecordSets(zone, request);
      if (zoneMatch[2] && request.method === 'POST') return changeRecordSets(zone, request);
    }
    return xmlError(
      404,
      'UnknownOperationException',
      `No Route 53 operation at ${request.method} ${request.path}`,
      rid,
    );
  }

  return {
    name: 'route53',
    async handle(request) {
      const auth = verifySigV4(request, keys, ctx.now(), ROUTE53_REGION, 'route53');
      if (!auth.ok) return xmlError(403, auth.code, auth.message, request.requestId);
      if (!request.path.startsWith(`${API}/`))
        return xmlError(
          404,
          'UnknownOperationException',
          `No Route 53 API at ${request.path}; the API version is 2013-04-01`,
          request.requestId,
        );
      return route(request, request.path.slice(API.length));
    },
    faultReply(request, status, retryAfterSeconds) {
      const rid = request.requestId;
      const reply = faultError(request, status, rid);
      return retryAfterSeconds === undefined
        ? reply
        : { ...reply, headers: { ...reply.headers, 'retry-after': String(retryAfterSeconds) } };
    },
  };
}

/** What Route 53 answers for the statuses faults inject (throttling is a 400 with its own code). */
function faultError(request: SandboxRequest, status: number, rid: string): SandboxReply {
  if (status === 429) return xmlError(400, 'Throttling', 'Rate exceeded', rid);
  if (status === 409)
    return xmlError(
      400,
      'PriorRequestNotComplete',
      'The request was rejected because Route 53 was still processing a prior request.',
      rid,
    );
  if (status === 403) {
    const action =
      request.method === 'POST'
        ? 'ChangeResourceRecordSets'
        : /\/rrset$/.test(request.path)
          ? 'ListResourceRecordSets'
          : /\/change\//.test(request.path)
            ? 'GetChange'
            : 'ListHostedZonesByName';
    return xmlError(
      403,
      'AccessDenied',
      `User: arn:aws:iam::111122223333:user/sop-integrate is not authorized to perform: route53:${action}`,
      rid,
    );
  }
  if (status === 404)
    return xmlError(404, 'NoSuchHostedZone', 'No hosted zone found with ID: (injected fault)', rid);
  if (status >= 500)
    return xmlError(
      status,
      status === 503 ? 'ServiceUnavailable' : 'InternalFailure',
      'The request processing has failed because of an unknown error.',
      rid,
      'Receiver',
    );
  return xmlError(status, 'InvalidInput', 'The input is not valid (injected fault).', rid);
}

/** What a client needs to reach the emulation: the key, the region, and each zone's hosted zone id. */
export function sandboxRoute53(ctx: SandboxContext): {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  hostedZoneIds: Record<string, string>;
} {
  const hostedZoneIds: Record<string, string> = {};
  for (const zone of Object.values(dnsState(ctx).zones)) hostedZoneIds[zone.name] = hostedZoneIdOf(zone);
  return { ...sandboxRoute53Credentials(ctx.store.state.seed), hostedZoneIds };
}
