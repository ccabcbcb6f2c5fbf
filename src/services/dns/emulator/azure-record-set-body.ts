// Validation of a RecordSet body (PUT or PATCH) as Azure DNS applies it: TTL 1..2147483647, at
// most 20 records, records only of the URL's type, MX preference 0..65535 with a host-name
// exchange, TXT strings of at most 255 characters, A records as IPv4 addresses. Names outside the
// RecordSet schema of API version 2018-05-01 (azure-record-set-fields.ts) are refused.
import { MAX_RECORDS_PER_RECORD_SET } from './azure-arm.ts';
import type { DnsRecordRecord, SandboxRecordType } from './model.ts';
import { TXT_CHUNK } from './azure-record-sets.ts';
import { recordSetFieldProblem } from './azure-record-set-fields.ts';

export interface RecordEntry {
  content: string;
  priority?: number;
}

export type BodyCheck = { ok: true; ttl: number; entries: RecordEntry[] } | { ok: false; message: string };

const MAX_TTL = 2147483647;
/** Azure's total for one TXT record's strings. */
const MAX_TXT_LENGTH = 4096;
const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;
const PROPERTY_OF: Record<SandboxRecordType, string> = {
  A: 'ARecords',
  MX: 'MXRecords',
  NS: 'NSRecords',
  TXT: 'TXTRecords',
};

const fail = (message: string): BodyCheck => ({ ok: false, message });
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function entryOf(type: SandboxRecordType, item: unknown): RecordEntry | string {
  if (!isObject(item)) return `A ${type} record must be an object.`;
  switch (type) {
    case 'MX': {
      const { preference, exchange } = item;
      if (
        typeof preference !== 'number' ||
        !Number.isInteger(preference) ||
        preference < 0 ||
        preference > 65535
      )
        return `The MX record preference ${String(preference)} is invalid. It must be an integer between 0 and 65535.`;
      if (typeof exchange !== 'string' || !HOSTNAME.test(exchange.replace(/\.$/, '')))
        return `The MX record exchange '${String(exchange)}' is not a valid host name.`;
      return { content: exchange.toLowerCase().replace(/\.$/, ''), priority: preference };
    }
    case 'TXT': {
      const { value } = item;
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string'))
        return 'A TXT record value must be a non-empty array of strings.';
      const long = value.find((v) => Array.from(v).length > TXT_CHUNK);
      if (long !== undefined)
        return `A TXT record string can be at most ${TXT_CHUNK} characters long; split longer text into several strings of the value array.`;
      const text = value.join('');
      if (text.length > MAX_TXT_LENGTH) return `A TXT record can hold at most ${MAX_TXT_LENGTH} characters.`;
      return { content: text };
    }
    case 'A': {
      const { ipv4Address } = item;
      if (typeof ipv4Address !== 'string' || !IPV4.test(ipv4Address))
        return `The A record address '${String(ipv4Address)}' is not a valid IPv4 address.`;
      return { content: ipv4Address };
    }
    case 'NS': {
      const { nsdname } = item;
      if (typeof nsdname !== 'string' || !HOSTNAME.test(nsdname.replace(/\.$/, '')))
        return `The NS record name server '${String(nsdname)}' is not a valid host name.`;
      return { content: nsdname.toLowerCase().replace(/\.$/, '') };
    }
  }
}

/**
 * Checks a RecordSet body for `type`. PATCH (`existing` given) keeps what the body leaves out;
 * PUT takes the body as the whole set.
 */
export function checkRecordSetBody(
  body: unknown,
  type: SandboxRecordType,
  existing?: DnsRecordRecord[],
): BodyCheck {
  if (!isObject(body)) return fail('The request body is not a valid RecordSet.');
  const unknown = recordSetFieldProblem(body, type);
  if (unknown !== undefined) return fail(unknown);
  const properties = body.properties;
  if (!isObject(properties)) return fail("The RecordSet has no 'properties'.");
  for (const [other, property] of Object.entries(PROPERTY_OF))
    if (other !== type && properties[property] !== undefined)
      return fail(`A record set of type ${type} cannot contain ${property}.`);
  const ttl =
    properties.TTL ?? (existing && existing.length > 0 ? Math.max(...existing.map((r) => r.ttl)) : undefined);
  if (ttl === undefined) return fail("The property 'TTL' is required for a record set.");
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL)
    return fail(
      `The value ${JSON.stringify(ttl)} of property 'TTL' is invalid. It must be an integer between 1 and ${MAX_TTL}.`,
    );
  const given = properties[PROPERTY_OF[type]];
  if (given === undefined) {
    const kept = (existing ?? []).map((r) => ({
      content: r.content,
      ...(r.priority === undefined ? {} : { priority: r.priority }),
    }));
    return { ok: true, ttl, entries: kept };
  }
  if (!Array.isArray(given)) return fail(`The property '${PROPERTY_OF[type]}' must be an array.`);
  if (given.length > MAX_RECORDS_PER_RECORD_SET)
    return fail(`A record set can contain at most ${MAX_RECORDS_PER_RECORD_SET} records.`);
  const entries: RecordEntry[] = [];
  for (const item of given) {
    const entry = entryOf(type, item);
    if (typeof entry === 'string') return fail(entry);
    if (entries.some((e) => e.content === entry.content && e.priority === entry.priority))
      return fail(`The record set contains the ${type} record '${entry.content}' twice.`);
    entries.push(entry);
  }
  return { ok: true, ttl, entries };
}
