// ChangeResourceRecordSets as Route 53 runs it: every change of a batch is checked against the
// record sets as the earlier changes of the same batch left them, and the batch is applied only
// if all pass ("either makes all or none of the changes"). Each accepted batch gets a ChangeInfo
// that stays PENDING for a while, then INSYNC.
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { DnsZoneRecord, Route53ChangeRecord, SandboxRecordType } from './model.ts';
import { fqdn, recordSetAt } from './route53-record-sets.ts';
import { parseValue, ROUTE53_TYPES, valueKey } from './route53-values.ts';
import { dnsState, normalizeName, recordsAt, replaceSet } from './zone-data.ts';

export type BatchOutcome =
  | { ok: true; change: Route53ChangeRecord }
  | { ok: false; code: 'InvalidInput' | 'InvalidChangeBatch'; message: string };

interface WantedSet {
  ttl: number;
  values: Array<{ content: string; priority?: number; key: string }>;
}

interface ParsedChange {
  action: string;
  name: string;
  type: string;
  ttl: number | undefined;
  values: string[];
  setIdentifier: boolean;
}

const MAX_TTL = 2147483647;
/** INSYNC changes older than this are forgotten, so the state file does not grow for ever. */
const KEEP_CHANGES_MS = 60 * 60 * 1000;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function readChanges(doc: Record<string, unknown>): ParsedChange[] | string {
  const request = asObject(doc.ChangeResourceRecordSetsRequest);
  const changes = asObject(asObject(request.ChangeBatch).Changes).Change;
  if (!Array.isArray(changes) || changes.length === 0)
    return 'Invalid XML ; ChangeBatch must contain at least one Change.';
  const parsed: ParsedChange[] = [];
  for (const raw of changes) {
    const change = asObject(raw);
    const set = asObject(change.ResourceRecordSet);
    const ttlText = text(set.TTL);
    const records = asObject(set.ResourceRecords).ResourceRecord;
    parsed.push({
      action: text(change.Action) ?? '',
      name: text(set.Name) ?? '',
      type: text(set.Type) ?? '',
      ttl: ttlText === undefined ? undefined : /^-?\d+$/.test(ttlText.trim()) ? Number(ttlText) : Number.NaN,
      values: Array.isArray(records) ? records.map((r) => text(asObject(r).Value) ?? '') : [],
      setIdentifier: set.SetIdentifier !== undefined,
    });
  }
  return parsed;
}

/** Structural problems Route 53 reports as InvalidInput (the request does not fit the API). */
function inputProblem(change: ParsedChange, index: number): string | undefined {
  const where = `changeBatch.changes.${index + 1}.member.resourceRecordSet`;
  if (!['CREATE', 'DELETE', 'UPSERT'].includes(change.action))
    return `1 validation error detected: Value '${change.action}' at 'changeBatch.changes.${index + 1}.member.action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]`;
  if (change.name === '')
    return `1 validation error detected: Value null at '${where}.name' failed to satisfy constraint: Member must not be null`;
  if (change.ttl === undefined || change.values.length === 0)
    return `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=${change.action}, Name=${change.name}, Type=${change.type}, SetIdentifier=null]`;
  if (!Number.isInteger(change.ttl) || change.ttl < 0 || change.ttl > MAX_TTL)
    return `1 validation error detected: Value '${change.ttl}' at '${where}.tTL' failed to satisfy constraint: Member must have value between 0 and ${MAX_TTL}`;
  return undefined;
}

function label(name: string, type: string): string {
  return `[name='${fqdn(name)}', type='${type}']`;
}

function sameSet(a: WantedSet, b: WantedSet): boolean {
  const keys = (s: WantedSet) =>
    s.values
      .map((v) => v.key)
      .sort()
      .join('\n');
  return a.ttl === b.ttl && keys(a) === keys(b);
}

export function applyChangeBatch(
  ctx: SandboxContext,
  zone: DnsZoneRecord,
  doc: Record<string, unknown>,
  changeDelayMs: number,
): BatchOutcome {
  const changes = readChanges(doc);
  if (typeof changes === 'string') return { ok: false, code: 'InvalidInput', message: changes };
  for (const [index, change] of changes.entries()) {
    const problem = inputProblem(change, index);
    if (problem) return { ok: false, code: 'InvalidInput', message: problem };
  }

  // The working view: what each touched set looks like after the changes so far in this batch.
  const view = new Map<string, { name: string; type: SandboxRecordType; set: WantedSet | undefined }>();
  const current = (name: string, type: SandboxRecordType): WantedSet | undefined => {
    const seen = view.get(`${name}|${type}`);
    if (seen) return seen.set;
    const stored = recordSetAt(ctx, zone, name, type);
    if (!stored) return undefined;
    const records = recordsAt(ctx, zone.id, name, type);
    return {
      ttl: stored.ttl,
      values: records.map((r) => ({
        content: r.content,
        priority: r.priority,
        key: valueKey(type, r.content, r.priority),
      })),
    };
  };
  const messages: string[] = [];
  for (const change of changes) {
    const name = normalizeName(change.name);
    if (name !== zone.name && !name.endsWith(`.${zone.name}`)) {
      messages.push(`RRSet with DNS name ${fqdn(name)} is not permitted in zone ${fqdn(zone.name)}`);
      continue;
    }
    if (!ROUTE53_TYPES.has(change.type as SandboxRecordType)) {
      messages.push(
        `The sandbox's Route 53 stores A, NS, MX and TXT record sets only; ${label(name, change.type)} is not supported`,
      );
      continue;
    }
    if (change.setIdentifier) {
      messages.push(
        `The sandbox's Route 53 does not emulate routing policies (SetIdentifier) for ${label(name, change.type)}`,
      );
      continue;
    }
    const type = change.type as SandboxRecordType;
    const wanted: WantedSet = { ttl: change.ttl ?? 0, values: [] };
    for (const value of change.values) {
      const parsed = parseValue(type, value);
      if (!parsed.ok) {
        messages.push(parsed.message);
        continue;
      }
      const key = valueKey(type, parsed.content, parsed.priority);
      if (wanted.values.some((v) => v.key === key)) messages.push(`Duplicate Resource Record: '${value}'`);
      else
        wanted.values.push({
          content: parsed.content,
          ...(parsed.priority === undefined ? {} : { priority: parsed.priority }),
          key,
        });
    }
    const existing = current(name, type);
    if (change.action === 'CREATE' && existing) {
      messages.push(`Tried to create resource record set ${label(name, type)} but it already exists`);
      continue;
    }
    if (change.action === 'DELETE') {
      if (!existing)
        messages.push(`Tried to delete resource record set ${label(name, type)} but it was not found`);
      else if (!sameSet(existing, wanted))
        messages.push(
          `Tried to delete resource record set ${label(name, type)} but the values provided do not match the current values`,
        );
      else if (name === zone.name && type === 'NS')
        messages.push(`A HostedZone must contain at least one NS record for the zone itself.`);
      view.set(`${name}|${type}`, { name, type, set: undefined });
      continue;
    }
    view.set(`${name}|${type}`, { name, type, set: wanted });
  }
  if (messages.length > 0)
    return {
      ok: false,
      code: 'InvalidChangeBatch',
      message: messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`,
    };

  for (const { name, type, set } of view.values()) {
    replaceSet(
      ctx,
      zone.id,
      name,
      type,
      set?.ttl ?? 0,
      (set?.values ?? []).map((value) => ({
        content: value.content,
        ...(value.priority === undefined ? {} : { priority: value.priority }),
      })),
    );
  }
  return {
    ok: true,
    change: recordChange(
      ctx,
      changeDelayMs,
      text(asObject(asObject(doc.ChangeResourceRecordSetsRequest).ChangeBatch).Comment),
    ),
  };
}

/** Route 53 change ids: "C" and 13 upper-case letters and digits. */
function newChangeId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `C${[...randomBytes(13)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

function recordChange(
  ctx: SandboxContext,
  delayMs: number,
  comment: string | undefined,
): Route53ChangeRecord {
  const changes = (dnsState(ctx).route53Changes ??= {});
  const now = ctx.now();
  for (const [id, old] of Object.entries(changes))
    if (Date.parse(old.insyncAt) < now - KEEP_CHANGES_MS) delete changes[id];
  const change: Route53ChangeRecord = {
    id: newChangeId(),
    submittedAt: new Date(now).toISOString(),
    insyncAt: new Date(now + delayMs).toISOString(),
    ...(comment === undefined ? {} : { comment }),
  };
  changes[change.id] = change;
  return change;
}

export function changeStatus(ctx: SandboxContext, change: Route53ChangeRecord): 'PENDING' | 'INSYNC' {
  return ctx.now() >= Date.parse(change.insyncAt) ? 'INSYNC' : 'PENDING';
}

export function changeInfo(ctx: SandboxContext, change: Route53ChangeRecord): Record<string, unknown> {
  return {
    Id: `/change/${change.id}`,
    Status: changeStatus(ctx, change),
    SubmittedAt: change.submittedAt,
    ...(change.comment === undefined ? {} : { Comment: change.comment }),
  };
}
