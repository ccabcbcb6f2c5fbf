// A minimal Windows Installer database writer, so the sandbox can serve a real MSI that any MSI
// reader (ours, msitools' `msiinfo`, Orca) opens: a compound file holding the string
// pool, the _Tables/_Columns catalogue, a Property table and the SummaryInformation stream.
// Only string columns are needed for Property, which keeps the table encoding small.
import { writeCompoundFile, type CompoundStream } from './compound-file.ts';

export interface MsiProperties {
  ProductCode: string;
  ProductVersion: string;
  ProductName: string;
  Manufacturer: string;
  UpgradeCode: string;
  [name: string]: string;
}

/** MSI stream names squeeze two [0-9A-Za-z._] characters into one UTF-16 code unit. */
function mimeIndex(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 65 + 10;
  if (c >= 97 && c <= 122) return c - 97 + 36;
  if (ch === '.') return 62;
  if (ch === '_') return 63;
  return -1;
}

export function encodeStreamName(name: string, isTable: boolean): string {
  let out = isTable ? String.fromCharCode(0x4840) : '';
  for (let i = 0; i < name.length; i++) {
    const first = mimeIndex(name[i] ?? '');
    const second = i + 1 < name.length ? mimeIndex(name[i + 1] ?? '') : -1;
    if (first >= 0 && second >= 0) {
      out += String.fromCharCode(0x3800 + first + (second << 6));
      i++;
    } else if (first >= 0) {
      out += String.fromCharCode(0x4800 + first);
    } else {
      out += name[i];
    }
  }
  return out;
}

class StringPool {
  private readonly ids = new Map<string, number>();
  private readonly entries: { text: string; refs: number }[] = [];

  ref(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      this.entries.push({ text, refs: 0 });
      id = this.entries.length;
      this.ids.set(text, id);
    }
    const entry = this.entries[id - 1];
    if (entry) entry.refs += 1;
    return id;
  }

  /** `_StringPool`: codepage header, then (length, refcount) per string; `_StringData`: the bytes. */
  streams(): { pool: Buffer; data: Buffer } {
    const pool = Buffer.alloc(4 + this.entries.length * 4);
    pool.writeUInt32LE(65001, 0); // UTF-8 codepage
    const parts: Buffer[] = [];
    this.entries.forEach((entry, index) => {
      const bytes = Buffer.from(entry.text, 'utf8');
      pool.writeUInt16LE(bytes.length, 4 + index * 4);
      pool.writeUInt16LE(entry.refs, 6 + index * 4);
      parts.push(bytes);
    });
    return { pool, data: Buffer.concat(parts) };
  }
}

/** Tables are stored column by column; string cells are 2-byte pool ids, int16 cells have bit 15 set. */
function columnMajor(rows: (number | { int16: number })[][], columns: number): Buffer {
  const out = Buffer.alloc(rows.length * columns * 2);
  let offset = 0;
  for (let column = 0; column < columns; column++) {
    for (const row of rows) {
      const cell = row[column] ?? 0;
      out.writeUInt16LE(typeof cell === 'number' ? cell : (cell.int16 + 0x8000) & 0xffff, offset);
      offset += 2;
    }
  }
  return out;
}

// Column types as Windows Installer stores them: 0x0100 valid, 0x0800 string, 0x0400 non-binary,
// 0x2000 primary key, 0x1000 nullable, 0x0200 localizable; low byte = width.
const KEY_STRING_72 = 0x2d48;
const LOCALIZABLE_TEXT = 0x0f00;

/** {000C1084-0000-0000-C000-000000000046}, the class id of an installer database, as stored. */
const MSI_CLASS_ID = Buffer.from('84100c0000000000c000000000000046', 'hex');

/** SummaryInformation property set: code page, title, subject, author, revision (PackageCode). */
function summaryInformation(props: MsiProperties, packageCode: string): Buffer {
  const entries: [number, number, Buffer][] = [
    [1, 2, int16Value(1252)],
    [2, 30, lpstr('Installation Database')],
    [3, 30, lpstr(props.ProductName)],
    [4, 30, lpstr(props.Manufacturer)],
    [7, 30, lpstr('Intel;1033')],
    [9, 30, lpstr(packageCode)],
    [14, 3, int32Value(200)],
    [15, 3, int32Value(2)],
  ];
  const headerSize = 8 + entries.length * 8;
  const values = entries.map(([, type, value]) => {
    const typed = Buffer.alloc(4 + value.length);
    typed.writeUInt32LE(type, 0);
    value.copy(typed, 4);
    return typed;
  });
  const sectionSize = headerSize + values.reduce((n, v) => n + v.length, 0);
  const section = Buffer.alloc(sectionSize);
  section.writeUInt32LE(sectionSize, 0);
  section.writeUInt32LE(entries.length, 4);
  let offset = headerSize;
  entries.forEach(([id], index) => {
    section.writeUInt32LE(id, 8 + index * 8);
    section.writeUInt32LE(offset, 12 + index * 8);
    const value = values[index] ?? Buffer.alloc(0);
    value.copy(section, offset);
    offset += value.length;
  });
  const header = Buffer.alloc(48);
  header.writeUInt16LE(0xfffe, 0);
  header.writeUInt16LE(0, 2);
  header.writeUInt32LE(0x00020006, 4); // OS version: Windows, as MSI tools write it
  header.writeUInt32LE(1, 24); // one section
  Buffer.from('e0859ff2f94f6810ab9108002b27b3d9', 'hex').copy(header, 28); // FMTID_SummaryInformation
  header.writeUInt32LE(48, 44);
  return Buffer.concat([header, section]);
}

function int16Value(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt16LE(n, 0);
  return b;
}
function int32Value(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n, 0);
  return b;
}
function lpstr(text: string): Buffer {
  const bytes = Buffer.from(`${text}\0`, 'latin1');
  const padded = Buffer.alloc(4 + Math.ceil(bytes.length / 4) * 4);
  padded.writeUInt32LE(bytes.length, 0);
  bytes.copy(padded, 4);
  return padded;
}

/** Builds an MSI database whose Property table holds `props`; `packageCode` is the revision number. */
export function buildMsi(props: MsiProperties, packageCode: string, payload?: Buffer): Buffer {
  const pool = new StringPool();
  const tableNames = ['Property'];
  const tables = tableNames.map((name) => [pool.ref(name)]);
  const columns: (number | { int16: number })[][] = [
    [pool.ref('Property'), { int16: 1 }, pool.ref('Property'), { int16: KEY_STRING_72 }],
    [pool.ref('Property'), { int16: 2 }, pool.ref('Value'), { int16: LOCALIZABLE_TEXT }],
  ];
  // Rows are stored sorted by primary key.
  const propertyRows = Object.keys(props)
    .sort()
    .map((key) => [pool.ref(key), pool.ref(props[key] ?? '')]);
  const { pool: poolStream, data } = pool.streams();

  const streams: CompoundStream[] = [
    { name: encodeStreamName('_StringPool', true), data: poolStream },
    { name: encodeStreamName('_StringData', true), data },
    { name: encodeStreamName('_Tables', true), data: columnMajor(tables, 1) },
    { name: encodeStreamName('_Columns', true), data: columnMajor(columns, 4) },
    { name: encodeStreamName('Property', true), data: columnMajor(propertyRows, 2) },
    { name: '\u0005SummaryInformation', data: summaryInformation(props, packageCode) },
  ];
  // Payload bytes make the installer realistically large (chunked uploads); readers skip the stream.
  if (payload && payload.length > 0) streams.push({ name: 'AgentPayload', data: payload });
  return writeCompoundFile(streams, MSI_CLASS_ID);
}
