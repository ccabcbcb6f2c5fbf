// DNS wire format (RFC 1035 §4) for the record types the MX cutover needs: A, NS, MX, TXT, SOA.
// Node's resolver hides TTLs and the authoritative-answer flag, which the cutover must see, so
// queries to each authoritative server are built and read here.

export const RecordType = { A: 1, NS: 2, SOA: 6, MX: 15, TXT: 16 } as const;
export type RecordTypeName = keyof typeof RecordType;
const TYPE_NAMES = new Map<number, RecordTypeName>(
  Object.entries(RecordType).map(([name, code]) => [code, name as RecordTypeName]),
);

export const Rcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export const FLAG_RESPONSE = 0x8000;
export const FLAG_AUTHORITATIVE = 0x0400;
export const FLAG_TRUNCATED = 0x0200;
export const FLAG_RECURSION_DESIRED = 0x0100;

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

export type RecordData =
  | { type: 'A'; address: string }
  | { type: 'NS'; host: string }
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'TXT'; text: string }
  | { type: 'SOA'; soa: SoaData };

export type ResourceRecord = { name: string; ttl: number } & RecordData;

export interface Question {
  name: string;
  type: RecordTypeName;
}

export interface Message {
  id: number;
  flags: number;
  rcode: number;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

class Writer {
  private readonly chunks: Buffer[] = [];
  u8(value: number): void {
    this.chunks.push(Buffer.from([value & 0xff]));
  }
  u16(value: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(value & 0xffff);
    this.chunks.push(b);
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    this.chunks.push(b);
  }
  bytes(value: Buffer): void {
    this.chunks.push(value);
  }
  name(name: string): void {
    for (const label of name.replace(/\.$/, '').split('.').filter(Boolean)) {
      const bytes = Buffer.from(label, 'ascii');
      if (bytes.length > 63) throw new RangeError(`DNS label longer than 63 bytes: ${label}`);
      this.u8(bytes.length);
      this.bytes(bytes);
    }
    this.u8(0);
  }
  done(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function rdataOf(record: RecordData): Buffer {
  const w = new Writer();
  switch (record.type) {
    case 'A':
      for (const part of record.address.split('.')) w.u8(Number(part));
      break;
    case 'NS':
      w.name(record.host);
      break;
    case 'MX':
      w.u16(record.preference);
      w.name(record.exchange);
      break;
    case 'TXT': {
      // A TXT string holds at most 255 bytes; longer text is split into several strings.
      const text = Buffer.from(record.text, 'utf8');
      for (let i = 0; i === 0 || i < text.length; i += 255) {
        const part = text.subarray(i, i + 255);
        w.u8(part.length);
        w.bytes(part);
      }
      break;
    }
    case 'SOA':
      w.name(record.soa.mname);
      w.name(record.soa.rname);
      for (const n of [record.soa.serial, record.soa.refresh, record.soa.retry, record.soa.expire]) w.u32(n);
      w.u32(record.soa.minimum);
      break;
  }
  return w.done();
}

export function encodeMessage(message: Message): Buffer {
  const w = new Writer();
  w.u16(message.id);
  w.u16((message.flags & ~0x000f) | (message.rcode & 0x000f));
  w.u16(message.questions.length);
  w.u16(message.answers.length);
  w.u16(message.authorities.length);
  w.u16(message.additionals.length);
  for (const q of message.questions) {
    w.name(q.name);
    w.u16(RecordType[q.type]);
    w.u16(1); // class IN
  }
  for (const rr of [...message.answers, ...message.authorities, ...message.additionals]) {
    w.name(rr.name);
    w.u16(RecordType[rr.type]);
    w.u16(1);
    w.u32(rr.ttl);
    const rdata = rdataOf(rr);
    w.u16(rdata.length);
    w.bytes(rdata);
  }
  return w.done();
}

export function queryMessage(id: number, name: string, type: RecordTypeName): Buffer {
  return encodeMessage({
    id,
    flags: 0,
    rcode: 0,
    questions: [{ name, type }],
    answers: [],
    authorities: [],
    additionals: [],
  });
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    public offset = 0,
  ) {}
  need(n: number): void {
    if (this.offset + n > this.buf.length) throw new RangeError('DNS message is truncated');
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.offset++);
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  /** Names may point back into the message (compression); pointers are followed, loops refused. */
  name(): string {
    const labels: string[] = [];
    let offset = this.offset;
    let jumped = false;
    for (let hops = 0; hops < 128; hops++) {
      if (offset >= this.buf.length) throw new RangeError('DNS name runs past the message');
      const len = this.buf.readUInt8(offset);
      if (len === 0) {
        if (!jumped) this.offset = offset + 1;
        return labels.join('.');
      }
      if ((len & 0xc0) === 0xc0) {
        if (offset + 1 >= this.buf.length) throw new RangeError('DNS name pointer is truncated');
        const target = ((len & 0x3f) << 8) | this.buf.readUInt8(offset + 1);
        if (!jumped) this.offset = offset + 2;
        jumped = true;
        offset = target;
        continue;
      }
      if (offset + 1 + len > this.buf.length) throw new RangeError('DNS label runs past the message');
      labels.push(this.buf.toString('ascii', offset + 1, offset + 1 + len));
      offset += 1 + len;
    }
    throw new RangeError('DNS name has too many compression pointers');
  }
}

function readRecord(r: Reader): ResourceRecord | undefined {
  const name = r.name();
  const typeCode = r.u16();
  r.u16(); // class
  const ttl = r.u32();
  const length = r.u16();
  const end = r.offset + length;
  r.need(length);
  const type = TYPE_NAMES.get(typeCode);
  let record: ResourceRecord | undefined;
  switch (type) {
    case 'A':
      record = { name, ttl, type, address: [...r.bytes(4)].join('.') };
      break;
    case 'NS':
      record = { name, ttl, type, host: r.name() };
      break;
    case 'MX':
      record = { name, ttl, type, preference: r.u16(), exchange: r.name() };
      break;
    case 'TXT': {
      const parts: string[] = [];
      while (r.offset < end) parts.push(r.bytes(r.u8()).toString('utf8'));
      record = { name, ttl, type, text: parts.join('') };
      break;
    }
    case 'SOA':
      record = {
        name,
        ttl,
        type,
        soa: {
          mname: r.name(),
          rname: r.name(),
          serial: r.u32(),
          refresh: r.u32(),
          retry: r.u32(),
          expire: r.u32(),
          minimum: r.u32(),
        },
      };
      break;
    default:
      record = undefined; // a type the cutover does not need: skipped
  }
  r.offset = end;
  return record;
}

export function decodeMessage(buf: Buffer): Message {
  const r = new Reader(buf);
  const id = r.u16();
  const flagsAndCode = r.u16();
  const counts = [r.u16(), r.u16(), r.u16(), r.u16()] as const;
  const questions: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const name = r.name();
    const type = TYPE_NAMES.get(r.u16());
    r.u16();
    if (type) questions.push({ name, type });
  }
  const section = (n: number): ResourceRecord[] => {
    const out: ResourceRecord[] = [];
    for (let i = 0; i < n; i++) {
      const rr = readRecord(r);
      if (rr) out.push(rr);
    }
    return out;
  };
  const answers = section(counts[1]);
  const authorities = section(counts[2]);
  const additionals = section(counts[3]);
  return {
    id,
    flags: flagsAndCode & ~0x000f,
    rcode: flagsAndCode & 0x000f,
    questions,
    answers,
    authorities,
    additionals,
  };
}
