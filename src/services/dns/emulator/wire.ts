// The authoritative server's own DNS wire format, written from RFC 1035 (and kept apart from the
// tool's resolver so that each checks the other): read a query (§4.1.1 header, §4.1.2 question,
// names per §4.1.4 possibly compressed), write a response with name compression (§4.1.4), the
// record data of §3.3.9 MX, §3.3.11 NS, §3.3.13 SOA, §3.3.14 TXT and §3.4.1 A, and the truncated
// form of an answer too large for UDP (§4.2.1: 512 bytes; TC set, RFC 2181 §9).

/** TYPE values, RFC 1035 §3.2.2. */
export const QTYPE = { A: 1, NS: 2, SOA: 6, MX: 15, TXT: 16 } as const;
export type ServedType = keyof typeof QTYPE;
const CLASS_IN = 1;

/** RCODE values, RFC 1035 §4.1.1. */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

/** Header flag bits (RFC 1035 §4.1.1): QR, AA, TC, RD. */
export const QR = 0x8000;
export const AA = 0x0400;
export const TC = 0x0200;
export const RD = 0x0100;
const OPCODE_MASK = 0x7800;

export interface WireQuestion {
  name: string;
  /** Numeric so that a query for a type the zone never holds (AAAA, CAA, ...) is still answered. */
  type: number;
  qclass: number;
}

export interface WireQuery {
  id: number;
  flags: number;
  opcode: number;
  questions: WireQuestion[];
}

export type WireData =
  | { type: 'A'; address: string }
  | { type: 'NS'; host: string }
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'TXT'; text: string }
  | {
      type: 'SOA';
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    };

export type WireRecord = { name: string; ttl: number } & WireData;

export interface WireReply {
  id: number;
  /** Header flags without the RCODE. */
  flags: number;
  rcode: number;
  questions: WireQuestion[];
  answers: WireRecord[];
  authorities: WireRecord[];
}

export class MalformedQuery extends Error {}

function readName(buf: Buffer, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let offset = start;
  let next: number | undefined;
  // A pointer must point backwards (§4.1.4 "a prior occurrence"), which also rules out loops.
  let limit = start;
  for (;;) {
    if (offset >= buf.length) throw new MalformedQuery('name runs past the message');
    const length = buf[offset]!;
    if (length === 0) return { name: labels.join('.'), next: next ?? offset + 1 };
    if ((length & 0xc0) === 0xc0) {
      if (offset + 1 >= buf.length) throw new MalformedQuery('truncated pointer');
      const target = ((length & 0x3f) << 8) | buf[offset + 1]!;
      if (target >= limit) throw new MalformedQuery('pointer does not point back');
      next ??= offset + 2;
      limit = target;
      offset = target;
      continue;
    }
    if ((length & 0xc0) !== 0) throw new MalformedQuery('reserved label type');
    if (offset + 1 + length > buf.length) throw new MalformedQuery('label runs past the message');
    labels.push(buf.toString('latin1', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
}

/** Header and questions of a query; answer/authority/additional sections (e.g. EDNS OPT) are not needed. */
export function readQuery(buf: Buffer): WireQuery {
  if (buf.length < 12) throw new MalformedQuery('shorter than a header');
  const flags = buf.readUInt16BE(2);
  const questions: WireQuestion[] = [];
  let offset = 12;
  for (let i = 0; i < buf.readUInt16BE(4); i++) {
    const { name, next } = readName(buf, offset);
    if (next + 4 > buf.length) throw new MalformedQuery('question runs past the message');
    questions.push({ name, type: buf.readUInt16BE(next), qclass: buf.readUInt16BE(next + 2) });
    offset = next + 4;
  }
  return { id: buf.readUInt16BE(0), flags, opcode: (flags & OPCODE_MASK) >> 11, questions };
}

class ResponseWriter {
  /** A DNS message is at most 65535 octets (the TCP length prefix is 16 bits, §4.2.2). */
  private readonly buf = Buffer.alloc(65535);
  offset = 0;
  /** Lower-cased name suffix -> offset of its first occurrence, for compression. */
  private readonly seen = new Map<string, number>();

  private room(n: number): void {
    if (this.offset + n > this.buf.length) throw new RangeError('DNS message longer than 65535 octets');
  }
  raw(bytes: Buffer): void {
    this.room(bytes.length);
    bytes.copy(this.buf, this.offset);
    this.offset += bytes.length;
  }
  u8(v: number): void {
    this.room(1);
    this.buf.writeUInt8(v & 0xff, this.offset++);
  }
  u16(v: number): void {
    this.room(2);
    this.buf.writeUInt16BE(v & 0xffff, this.offset);
    this.offset += 2;
  }
  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32BE(v >>> 0, this.offset);
    this.offset += 4;
  }
  patchU16(at: number, v: number): void {
    this.buf.writeUInt16BE(v, at);
  }
  name(name: string): void {
    const labels = name
      .replace(/\.$/, '')
      .split('.')
      .filter((l) => l !== '');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const at = this.seen.get(suffix);
      if (at !== undefined) {
        this.u16(0xc000 | at);
        return;
      }
      // Offsets beyond 14 bits cannot be pointed at.
      if (this.offset < 0x4000) this.seen.set(suffix, this.offset);
      const label = Buffer.from(labels[i]!, 'latin1');
      if (label.length > 63) throw new RangeError(`label longer than 63 octets: ${labels[i]}`);
      this.u8(label.length);
      this.raw(label);
    }
    this.u8(0);
  }
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.offset));
  }
}

function writeData(w: ResponseWriter, record: WireRecord): void {
  switch (record.type) {
    case 'A':
      for (const octet of record.address.split('.')) w.u8(Number(octet));
      return;
    case 'NS':
      w.name(record.host);
      return;
    case 'MX':
      w.u16(record.preference);
      w.name(record.exchange);
      return;
    case 'TXT': {
      // One or more <character-string>s, each a length octet and at most 255 octets (§3.3).
      const text = Buffer.from(record.text, 'utf8');
      let i = 0;
      do {
        const part = text.subarray(i, i + 255);
        w.u8(part.length);
        w.raw(part);
        i += 255;
      } while (i < text.length);
      return;
    }
    case 'SOA':
      w.name(record.mname);
      w.name(record.rname);
      for (const n of [record.serial, record.refresh, record.retry, record.expire, record.minimum]) w.u32(n);
      return;
  }
}

function writeRecord(w: ResponseWriter, record: WireRecord): void {
  w.name(record.name);
  w.u16(QTYPE[record.type]);
  w.u16(CLASS_IN);
  w.u32(record.ttl);
  // RDLENGTH is known only after the data (with compression) is written: fill its slot after.
  const lengthAt = w.offset;
  w.u16(0);
  writeData(w, record);
  w.patchU16(lengthAt, w.offset - lengthAt - 2);
}

export function writeReply(reply: WireReply, sections = true): Buffer {
  const w = new ResponseWriter();
  w.u16(reply.id);
  w.u16((reply.flags & ~0x000f) | (reply.rcode & 0x000f));
  w.u16(reply.questions.length);
  w.u16(sections ? reply.answers.length : 0);
  w.u16(sections ? reply.authorities.length : 0);
  w.u16(0);
  for (const q of reply.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.qclass);
  }
  if (sections) for (const rr of [...reply.answers, ...reply.authorities]) writeRecord(w, rr);
  return w.done();
}

/** The UDP form: whole when it fits in 512 octets, else header and question only with TC set. */
export function writeUdpReply(reply: WireReply): Buffer {
  const whole = writeReply(reply);
  return whole.length <= 512 ? whole : writeReply({ ...reply, flags: reply.flags | TC }, false);
}
