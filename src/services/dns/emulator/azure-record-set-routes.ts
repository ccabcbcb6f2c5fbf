// Azure DNS record-set operations on the shared zone data: get, create or replace (PUT), update
// (PATCH), delete and list, guarded by etags (If-Match / If-None-Match) as Azure DNS guards them.
// Writes go through zone-data.ts, so the authoritative DNS server answers them at once and the
// SOA serial moves.
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import { armError, type ArmScope } from './azure-arm.ts';
import { currentEtag, renewEtag } from './azure-etags.ts';
import { checkRecordSetBody } from './azure-record-set-body.ts';
import { armRecordSet, fqdnOf, recordSetsOf, relativeNameOf } from './azure-record-sets.ts';
import type { DnsZoneRecord, SandboxRecordType } from './model.ts';
import { recordsAt, replaceSet } from './zone-data.ts';

export interface RecordSetTarget {
  scope: ArmScope;
  zone: DnsZoneRecord;
  type: SandboxRecordType;
  /** The relative name as the URL gave it ('@' for the apex). */
  relativeName: string;
}

function notFound(target: RecordSetTarget): SandboxReply {
  return armError(
    404,
    'NotFound',
    `The resource record '${target.relativeName}' does not exist in resource group '${target.scope.resourceGroup}' of subscription '${target.scope.subscriptionId}'.`,
  );
}

function preconditionFailed(message: string): SandboxReply {
  return armError(412, 'PreconditionFailed', message);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** The set as it is now, with its etag reconciled against the zone data. */
function readSet(ctx: SandboxContext, target: RecordSetTarget) {
  const fqdn = fqdnOf(target.zone, target.relativeName);
  const records = recordsAt(ctx, target.zone.id, fqdn, target.type);
  const { etag, changed } = currentEtag(ctx, target.zone.id, target.type, fqdn, records);
  return { fqdn, records, etag, changed };
}

/** If-Match / If-None-Match against the current etag; undefined when the write may go ahead. */
function preconditionFor(
  request: SandboxRequest,
  target: RecordSetTarget,
  etag: string | undefined,
): SandboxReply | undefined {
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  const label = `record set '${target.relativeName}' of type ${target.type}`;
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etag)
    return preconditionFailed(
      etag === undefined
        ? `The ${label} does not exist, so the etag '${ifMatch}' in the If-Match header cannot match.`
        : `The etag '${ifMatch}' in the If-Match header does not match the current etag of the ${label}.`,
    );
  if (ifMatch === '*' && etag === undefined)
    return preconditionFailed(`The ${label} does not exist (If-Match: *).`);
  if (ifNoneMatch === '*' && etag !== undefined)
    return preconditionFailed(`The ${label} already exists (If-None-Match: *).`);
  return undefined;
}

export function getRecordSet(ctx: SandboxContext, target: RecordSetTarget): SandboxReply {
  const set = readSet(ctx, target);
  if (set.records.length === 0) return { ...notFound(target), mutated: set.changed };
  return {
    status: 200,
    headers: { etag: set.etag ?? '' },
    body: armRecordSet(target.scope, target.zone, target.type, set.fqdn, set.records, set.etag),
    mutated: set.changed,
  };
}

export function writeRecordSet(
  ctx: SandboxContext,
  target: RecordSetTarget,
  request: SandboxRequest,
): SandboxReply {
  const set = readSet(ctx, target);
  const isPatch = request.method === 'PATCH';
  if (isPatch && set.records.length === 0) return { ...notFound(target), mutated: set.changed };
  const precondition = preconditionFor(request, target, set.etag);
  if (precondition) return { ...precondition, mutated: set.changed };
  const checked = checkRecordSetBody(
    parseJson(request.rawBody),
    target.type,
    isPatch ? set.records : undefined,
  );
  if (!checked.ok) return { ...armError(400, 'BadRequest', checked.message), mutated: set.changed };
  // Replace the set in one synchronous step: the DNS server never sees it half written.
  replaceSet(ctx, target.zone.id, set.fqdn, target.type, checked.ttl, checked.entries);
  const records = recordsAt(ctx, target.zone.id, set.fqdn, target.type);
  const etag = renewEtag(ctx, target.zone.id, target.type, set.fqdn, records);
  return {
    status: set.records.length === 0 ? 201 : 200,
    headers: etag === undefined ? {} : { etag },
    body: armRecordSet(target.scope, target.zone, target.type, set.fqdn, records, etag),
    mutated: true,
  };
}

export function deleteRecordSet(
  ctx: SandboxContext,
  target: RecordSetTarget,
  request: SandboxRequest,
): SandboxReply {
  const set = readSet(ctx, target);
  if (target.type === 'NS' && set.fqdn === target.zone.name)
    return armError(400, 'BadRequest', 'The NS record set at the zone apex cannot be deleted.');
  const precondition = preconditionFor(request, target, set.etag);
  if (precondition) return { ...precondition, mutated: set.changed };
  if (set.records.length === 0) return { status: 204, mutated: set.changed };
  replaceSet(ctx, target.zone.id, set.fqdn, target.type, 0, []);
  renewEtag(ctx, target.zone.id, target.type, set.fqdn, []);
  return { status: 200, mutated: true };
}

/** GET .../{type} or .../recordsets: `{ value, nextLink? }`, honouring $top and $recordsetnamesuffix. */
export function listRecordSets(
  ctx: SandboxContext,
  scope: ArmScope,
  zone: DnsZoneRecord,
  type: SandboxRecordType | undefined,
  request: SandboxRequest,
  selfUrl: string,
): SandboxReply {
  const suffix = request.query.get('$recordsetnamesuffix')?.toLowerCase();
  const top = Math.min(Math.max(Number(request.query.get('$top') ?? 100) || 100, 1), 1000);
  const skip = Math.max(Number(request.query.get('$skipToken') ?? 0) || 0, 0);
  let changed = false;
  const all = recordSetsOf(ctx, zone, type)
    .filter((s) => suffix === undefined || relativeNameOf(zone, s.name).endsWith(suffix))
    .map((s) => {
      const etag = currentEtag(ctx, zone.id, s.type, s.name, s.records);
      changed ||= etag.changed;
      return armRecordSet(scope, zone, s.type, s.name, s.records, etag.etag);
    });
  const page = all.slice(skip, skip + top);
  const next = new URLSearchParams(request.query);
  next.set('$skipToken', String(skip + top));
  return {
    status: 200,
    body: { value: page, ...(skip + top < all.length ? { nextLink: `${selfUrl}?${next.toString()}` } : {}) },
    mutated: changed,
  };
}
