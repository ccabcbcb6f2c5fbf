// How an authoritative server answers one question from the zone data (RFC 1035 §4.3.2):
// records with AA set, NODATA or NXDOMAIN with the SOA in the authority section, REFUSED for
// names outside its zones.
import {
  FLAG_AUTHORITATIVE,
  FLAG_RECURSION_DESIRED,
  FLAG_RESPONSE,
  Rcode,
  type Message,
  type ResourceRecord,
} from '../../adapters/dns/wire.ts';
import type { SandboxContext } from '../context.ts';
import type { DnsRecordRecord, DnsZoneRecord } from './model.ts';
import { dnsState, normalizeName, recordsAt, serialOf, zoneOf } from './zone-data.ts';

export const SOA_TTL = 3600;
/** Negative-caching TTL (SOA minimum). */
export const SOA_MINIMUM = 300;

export function toResourceRecord(record: DnsRecordRecord): ResourceRecord {
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

export function soaRecord(ctx: SandboxContext, zone: DnsZoneRecord): ResourceRecord {
  return {
    name: zone.name,
    ttl: SOA_TTL,
    type: 'SOA',
    soa: {
      mname: zone.nameServers[0] ?? `ns1.${zone.name}`,
      rname: `hostmaster.${zone.name}`,
      serial: serialOf(ctx, zone.id),
      refresh: 7200,
      retry: 900,
      expire: 1209600,
      minimum: SOA_MINIMUM,
    },
  };
}

export function answerQuery(ctx: SandboxContext, query: Message): Message {
  const reply: Message = {
    id: query.id,
    flags: FLAG_RESPONSE | (query.flags & FLAG_RECURSION_DESIRED),
    rcode: Rcode.NOERROR,
    questions: query.questions,
    answers: [],
    authorities: [],
    additionals: [],
  };
  const question = query.questions[0];
  if (!question) return { ...reply, rcode: Rcode.NOTIMP };
  const zone = zoneOf(ctx, question.name);
  if (!zone) return { ...reply, rcode: Rcode.REFUSED };
  reply.flags |= FLAG_AUTHORITATIVE;
  const name = normalizeName(question.name);
  if (question.type === 'SOA' && name === zone.name) return { ...reply, answers: [soaRecord(ctx, zone)] };
  const matching = recordsAt(ctx, zone.id, name, question.type);
  if (matching.length > 0) return { ...reply, answers: matching.map(toResourceRecord) };
  const nameExists =
    name === zone.name ||
    Object.values(dnsState(ctx).records).some((r) => r.zoneId === zone.id && r.name === name);
  return {
    ...reply,
    rcode: nameExists ? Rcode.NOERROR : Rcode.NXDOMAIN,
    authorities: [{ ...soaRecord(ctx, zone), ttl: SOA_MINIMUM }],
  };
}
