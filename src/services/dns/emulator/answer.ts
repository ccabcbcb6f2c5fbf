// How an authoritative server answers one question from the zone data (RFC 1035 §4.3.2):
// records with AA set, NODATA or NXDOMAIN with the SOA in the authority section (RFC 2308 §2.1,
// §2.2; also for types the zone never holds, such as AAAA), REFUSED for names outside its zones
// and for classes other than IN, NOTIMP for opcodes other than QUERY (RFC 1035 §4.1.1).
import {
  AA,
  QR,
  QTYPE,
  RCODE,
  RD,
  type ServedType,
  type WireQuery,
  type WireRecord,
  type WireReply,
} from './wire.ts';
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { DnsRecordRecord, DnsZoneRecord } from './model.ts';
import { dnsState, normalizeName, recordsAt, serialOf, zoneOf } from './zone-data.ts';

export const SOA_TTL = 3600;
/** Negative-caching TTL (SOA minimum). */
export const SOA_MINIMUM = 300;

export function toResourceRecord(record: DnsRecordRecord): WireRecord {
  // TTL 1 is Cloudflare's "automatic", served as 300 seconds.
  const base = { name: record.name, ttl: record.ttl };
  switch (record.type) {
    case 'A':
      return { ...base, type: 'A', address: record.content };
    case 'NS':
      return { ...base, type: 'NS', host: record.content };
    case 'MX':
      return { ...base, type: 'MX', preference: record.priority ?? 0, exchange: record.content };
    case 'TXT':
      return { ...base, type: 'TXT', text: record.content };
  }
}

export function soaRecord(ctx: SandboxContext, zone: DnsZoneRecord): WireRecord {
  return {
    name: zone.name,
    ttl: SOA_TTL,
    type: 'SOA',
    mname: zone.nameServers[0] ?? `ns1.${zone.name}`,
    rname: `hostmaster.${zone.name}`,
    serial: serialOf(ctx, zone.id),
    refresh: 7200,
    retry: 900,
    expire: 1209600,
    minimum: SOA_MINIMUM,
  };
}

const SERVED_BY_CODE = new Map<number, ServedType>(
  Object.entries(QTYPE).map(([name, code]) => [code, name as ServedType]),
);

export function answerQuery(ctx: SandboxContext, query: WireQuery): WireReply {
  const reply: WireReply = {
    id: query.id,
    flags: QR | (query.flags & RD),
    rcode: RCODE.NOERROR,
    questions: query.questions,
    answers: [],
    authorities: [],
  };
  if (query.opcode !== 0) return { ...reply, rcode: RCODE.NOTIMP };
  const question = query.questions[0];
  if (!question || query.questions.length > 1) return { ...reply, rcode: RCODE.FORMERR };
  const zone = question.qclass === 1 ? zoneOf(ctx, question.name) : undefined;
  if (!zone) return { ...reply, rcode: RCODE.REFUSED };
  reply.flags |= AA;
  const name = normalizeName(question.name);
  const type = SERVED_BY_CODE.get(question.type);
  if (type === 'SOA' && name === zone.name) return { ...reply, answers: [soaRecord(ctx, zone)] };
  const matching = type === undefined || type === 'SOA' ? [] : recordsAt(ctx, zone.id, name, type);
  if (matching.length > 0) return { ...reply, answers: matching.map(toResourceRecord) };
  const nameExists =
    name === zone.name ||
    Object.values(dnsState(ctx).records).some((r) => r.zoneId === zone.id && r.name === name);
  return {
    ...reply,
    rcode: nameExists ? RCODE.NOERROR : RCODE.NXDOMAIN,
    authorities: [{ ...soaRecord(ctx, zone), ttl: SOA_MINIMUM }],
  };
}
