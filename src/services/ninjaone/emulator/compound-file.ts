// A minimal writer of the Compound File Binary format (MS-CFB, version 3, 512-byte sectors) with a
// flat root storage: enough for an MSI database. Streams under 4096 bytes live in the mini stream
// (64-byte mini sectors), as the format requires and every reader expects.

const SECTOR = 512;
const MINI_SECTOR = 64;
const MINI_CUTOFF = 4096;
const END_OF_CHAIN = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;
const FREE = 0xffffffff;
const NO_STREAM = 0xffffffff;

export interface CompoundStream {
  name: string;
  data: Buffer;
}

/** CFB orders siblings by name length, then by upper-cased UTF-16 code units. */
function compareNames(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  const ua = a.toUpperCase();
  const ub = b.toUpperCase();
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function sectorsFor(bytes: number, size: number): number {
  return Math.ceil(bytes / size);
}

/** Builds the file; `rootClassId` is 16 bytes (an MSI uses {000C1084-0000-0000-C000-000000000046}). */
export function writeCompoundFile(streams: CompoundStream[], rootClassId: Buffer): Buffer {
  const sorted = [...streams].sort((x, y) => compareNames(x.name, y.name));
  const small = sorted.filter((s) => s.data.length < MINI_CUTOFF);
  const large = sorted.filter((s) => s.data.length >= MINI_CUTOFF);

  // Mini stream layout and its allocation table.
  const miniStart = new Map<CompoundStream, number>();
  const miniFat: number[] = [];
  for (const stream of small) {
    const count = sectorsFor(stream.data.length, MINI_SECTOR);
    if (count === 0) continue;
    miniStart.set(stream, miniFat.length);
    for (let i = 0; i < count; i++) miniFat.push(i === count - 1 ? END_OF_CHAIN : miniFat.length + 1);
  }
  const miniStreamBytes = miniFat.length * MINI_SECTOR;

  const directorySectors = sectorsFor((sorted.length + 1) * 128, SECTOR);
  const miniFatSectors = sectorsFor(miniFat.length * 4, SECTOR);
  const miniStreamSectors = sectorsFor(miniStreamBytes, SECTOR);
  const largeSectors = large.map((s) => sectorsFor(s.data.length, SECTOR));
  const dataSectors =
    directorySectors + miniFatSectors + miniStreamSectors + largeSectors.reduce((a, b) => a + b, 0);
  let fatSectors = 1;
  while (fatSectors * (SECTOR / 4) < dataSectors + fatSectors) fatSectors++;
  if (fatSectors > 109) throw new Error('compound file too large for a header-only DIFAT');

  const total = fatSectors + dataSectors;
  const fat = new Array<number>(fatSectors * (SECTOR / 4)).fill(FREE);
  let next = 0;
  const chain = (count: number, mark?: number): number => {
    if (count === 0) return END_OF_CHAIN;
    const start = next;
    for (let i = 0; i < count; i++) fat[next + i] = mark ?? (i === count - 1 ? END_OF_CHAIN : next + i + 1);
    next += count;
    return start;
  };
  chain(fatSectors, FAT_SECTOR);
  const directoryStart = chain(directorySectors);
  const miniFatStart = chain(miniFatSectors);
  const miniStreamStart = chain(miniStreamSectors);
  const largeStart = large.map((_, i) => chain(largeSectors[i] ?? 0));

  const out = Buffer.alloc(SECTOR * (1 + total));
  writeHeader(out, { fatSectors, directoryStart, miniFatStart, miniFatSectors });
  const sectorOffset = (n: number) => SECTOR * (1 + n);
  fat.forEach((value, i) => out.writeUInt32LE(value >>> 0, sectorOffset(0) + i * 4));

  // Directory: entry 0 is the root; its children form a balanced binary tree by name order.
  const dirBase = sectorOffset(directoryStart);
  const entryIds = new Map(sorted.map((s, i) => [s, i + 1]));
  const tree = (lo: number, hi: number): number => {
    if (lo > hi) return NO_STREAM;
    const mid = (lo + hi) >> 1;
    const stream = sorted[mid];
    if (!stream) return NO_STREAM;
    const left = tree(lo, mid - 1);
    const right = tree(mid + 1, hi);
    const large = stream.data.length >= MINI_CUTOFF;
    const start = large ? largeStart[largeIndex(stream)] : miniStart.get(stream);
    writeEntry(out, dirBase + (entryIds.get(stream) ?? 0) * 128, {
      name: stream.name,
      type: 2,
      left,
      right,
      child: NO_STREAM,
      start: start ?? END_OF_CHAIN,
      size: stream.data.length,
    });
    return entryIds.get(stream) ?? NO_STREAM;
  };
  const largeIndex = (stream: CompoundStream) => large.indexOf(stream);
  const rootChild = tree(0, sorted.length - 1);
  writeEntry(out, dirBase, {
    name: 'Root Entry',
    type: 5,
    left: NO_STREAM,
    right: NO_STREAM,
    child: rootChild,
    start: miniStreamBytes === 0 ? END_OF_CHAIN : miniStreamStart,
    size: miniStreamBytes,
    classId: rootClassId,
  });
  // Unused directory slots are empty entries with no siblings.
  for (let id = sorted.length + 1; id < directorySectors * 4; id++) {
    const at = dirBase + id * 128;
    out.writeUInt32LE(NO_STREAM, at + 68);
    out.writeUInt32LE(NO_STREAM, at + 72);
    out.writeUInt32LE(NO_STREAM, at + 76);
  }

  const miniFatBase = sectorOffset(miniFatStart);
  for (let i = 0; i < miniFatSectors * (SECTOR / 4); i++)
    out.writeUInt32LE((miniFat[i] ?? FREE) >>> 0, miniFatBase + i * 4);
  for (const [stream, start] of miniStart)
    stream.data.copy(out, sectorOffset(miniStreamStart) + start * MINI_SECTOR);
  large.forEach((stream, i) => stream.data.copy(out, sectorOffset(largeStart[i] ?? 0)));
  return out;
}

function writeHeader(
  out: Buffer,
  layout: { fatSectors: number; directoryStart: number; miniFatStart: number; miniFatSectors: number },
): void {
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(out, 0);
  out.writeUInt16LE(0x003e, 24);
  out.writeUInt16LE(3, 26);
  out.writeUInt16LE(0xfffe, 28);
  out.writeUInt16LE(9, 30);
  out.writeUInt16LE(6, 32);
  out.writeUInt32LE(layout.fatSectors, 44);
  out.writeUInt32LE(layout.directoryStart, 48);
  out.writeUInt32LE(MINI_CUTOFF, 56);
  out.writeUInt32LE(layout.miniFatSectors === 0 ? END_OF_CHAIN : layout.miniFatStart, 60);
  out.writeUInt32LE(layout.miniFatSectors, 64);
  out.writeUInt32LE(END_OF_CHAIN, 68);
  out.writeUInt32LE(0, 72);
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i < layout.fatSectors ? i : FREE, 76 + i * 4);
}

function writeEntry(
  out: Buffer,
  at: number,
  entry: {
    name: string;
    type: number;
    left: number;
    right: number;
    child: number;
    start: number;
    size: number;
    classId?: Buffer;
  },
): void {
  const name = Buffer.from(`${entry.name}\0`, 'utf16le');
  if (name.length > 64) throw new Error(`stream name too long: ${entry.name}`);
  name.copy(out, at);
  out.writeUInt16LE(name.length, at + 64);
  out.writeUInt8(entry.type, at + 66);
  out.writeUInt8(1, at + 67); // black
  out.writeUInt32LE(entry.left >>> 0, at + 68);
  out.writeUInt32LE(entry.right >>> 0, at + 72);
  out.writeUInt32LE(entry.child >>> 0, at + 76);
  entry.classId?.copy(out, at + 80);
  out.writeUInt32LE(entry.start >>> 0, at + 116);
  out.writeUInt32LE(entry.size, at + 120);
}
