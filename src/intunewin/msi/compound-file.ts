// A read-only Compound File Binary (MS-CFB) reader with random access: it loads the sector
// allocation tables and the directory, then reads only the streams asked for. An MSI's tables
// are small; its embedded cabinet (most of a large MSI) is never read, so a 200 MB installer is
// inspected without holding it in memory.
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../../errors.ts';

const SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const END_OF_CHAIN = 0xfffffffe;
const FREE_SECTOR = 0xffffffff;
const HEADER_DIFAT_ENTRIES = 109;
const DIRECTORY_ENTRY_SIZE = 128;
const NO_ENTRY = 0xffffffff;
const TYPE_STREAM = 2;
const TYPE_ROOT = 5;
/** Streams we read are table data; anything larger is not a table we need. */
const MAX_STREAM_READ = 256 * 1024 * 1024;

export interface CompoundEntry {
  name: string;
  type: number;
  startSector: number;
  size: number;
  left: number;
  right: number;
  child: number;
}

function damaged(path: string, why: string): InputError {
  return new InputError(`${path} is not a readable MSI (compound file): ${why}`);
}

export class CompoundFile {
  private fat = new Uint32Array(0);
  private miniFat = new Uint32Array(0);
  private miniStream: Buffer | undefined;
  private miniSectorSize = 64;
  private miniCutoff = 4096;
  entries: CompoundEntry[] = [];

  private constructor(
    private readonly path: string,
    private readonly file: FileHandle,
    private readonly sectorSize: number,
    private readonly sectorCount: number,
  ) {}

  static async open(path: string): Promise<CompoundFile> {
    const file = await open(path, 'r');
    try {
      const header = Buffer.alloc(512);
      const { bytesRead } = await file.read(header, 0, 512, 0);
      if (bytesRead < 512 || !header.subarray(0, 8).equals(SIGNATURE))
        throw damaged(path, 'no compound file signature');
      const sectorShift = header.readUInt16LE(0x1e);
      if (sectorShift !== 9 && sectorShift !== 12)
        throw damaged(path, `unsupported sector size 2^${sectorShift}`);
      const { size } = await file.stat();
      const compound = new CompoundFile(path, file, 1 << sectorShift, Math.ceil(size / (1 << sectorShift)));
      await compound.load(header);
      return compound;
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  private async load(header: Buffer): Promise<void> {
    // The FAT sectors are listed in the header's DIFAT, continued in a chain of DIFAT sectors.
    const fatSectorCount = header.readUInt32LE(0x2c);
    const fatSectors: number[] = [];
    for (let i = 0; i < Math.min(fatSectorCount, HEADER_DIFAT_ENTRIES); i++)
      fatSectors.push(header.readUInt32LE(0x4c + 4 * i));
    const perDifat = this.sectorSize / 4 - 1;
    let difatSector = header.readUInt32LE(0x44);
    for (let hops = 0; fatSectors.length < fatSectorCount && difatSector < END_OF_CHAIN - 3; hops++) {
      if (hops > this.sectorCount) throw damaged(this.path, 'DIFAT chain loops');
      const difat = await this.readSector(difatSector);
      for (let i = 0; i < perDifat && fatSectors.length < fatSectorCount; i++)
        fatSectors.push(difat.readUInt32LE(4 * i));
      difatSector = difat.readUInt32LE(4 * perDifat);
    }
    if (fatSectors.length < fatSectorCount) throw damaged(this.path, 'FAT sectors missing');
    const perSector = this.sectorSize / 4;
    this.fat = new Uint32Array(fatSectorCount * perSector);
    for (const [index, sector] of fatSectors.entries()) {
      const data = await this.readSector(sector);
      for (let i = 0; i < perSector; i++) this.fat[index * perSector + i] = data.readUInt32LE(4 * i);
    }

    this.entries = parseDirectory(await this.readChain(header.readUInt32LE(0x30)), this.sectorSize);
    if (this.entries[0]?.type !== TYPE_ROOT) throw damaged(this.path, 'no root entry');

    this.miniSectorSize = 1 << header.readUInt16LE(0x20);
    this.miniCutoff = header.readUInt32LE(0x38);
    if (header.readUInt32LE(0x40) > 0) {
      const bytes = await this.readChain(header.readUInt32LE(0x3c));
      this.miniFat = new Uint32Array(bytes.length / 4);
      for (let i = 0; i < this.miniFat.length; i++) this.miniFat[i] = bytes.readUInt32LE(4 * i);
    }
  }

  private async readSector(sector: number): Promise<Buffer> {
    if (sector >= this.sectorCount) throw damaged(this.path, `sector ${sector} lies outside the file`);
    const buffer = Buffer.alloc(this.sectorSize);
    await this.file.read(buffer, 0, this.sectorSize, (sector + 1) * this.sectorSize);
    return buffer;
  }

  private async readChain(start: number, limit = Infinity): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    for (let sector = start; sector !== END_OF_CHAIN && sector !== FREE_SECTOR && total < limit;) {
      if (parts.length > this.sectorCount || sector >= this.fat.length)
        throw damaged(this.path, 'sector chain is broken');
      const data = await this.readSector(sector);
      parts.push(data);
      total += data.length;
      sector = this.fat[sector] ?? END_OF_CHAIN;
    }
    return Buffer.concat(parts);
  }

  /** The streams directly in the root storage (where an MSI keeps its tables). */
  rootStreams(): CompoundEntry[] {
    const found: CompoundEntry[] = [];
    const seen = new Set<number>();
    const visit = (index: number): void => {
      const entry = this.entries[index];
      if (index === NO_ENTRY || !entry || seen.has(index)) return;
      seen.add(index);
      if (entry.type === TYPE_STREAM) found.push(entry);
      visit(entry.left);
      visit(entry.right);
    };
    visit(this.entries[0]?.child ?? NO_ENTRY);
    return found;
  }

  async readStream(entry: CompoundEntry): Promise<Buffer> {
    if (entry.size > MAX_STREAM_READ)
      throw damaged(this.path, `stream of ${entry.size} bytes is too large to read`);
    if (entry.size === 0) return Buffer.alloc(0);
    const data =
      entry.size >= this.miniCutoff
        ? await this.readChain(entry.startSector, entry.size)
        : await this.readMini(entry);
    if (data.length < entry.size) throw damaged(this.path, `a stream is truncated`);
    return data.subarray(0, entry.size);
  }

  /** Small streams live in 64-byte mini sectors inside the root entry's own stream. */
  private async readMini(entry: CompoundEntry): Promise<Buffer> {
    const root = this.entries[0];
    this.miniStream ??= root
      ? (await this.readChain(root.startSector, root.size)).subarray(0, root.size)
      : Buffer.alloc(0);
    const parts: Buffer[] = [];
    let total = 0;
    for (let sector = entry.startSector; sector !== END_OF_CHAIN && total < entry.size;) {
      const start = sector * this.miniSectorSize;
      if (parts.length > this.miniFat.length || start >= this.miniStream.length) {
        throw damaged(this.path, 'mini sector chain is broken');
      }
      parts.push(this.miniStream.subarray(start, start + this.miniSectorSize));
      total += this.miniSectorSize;
      sector = this.miniFat[sector] ?? END_OF_CHAIN;
    }
    return Buffer.concat(parts);
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

function parseDirectory(directory: Buffer, sectorSize: number): CompoundEntry[] {
  const entries: CompoundEntry[] = [];
  for (let at = 0; at + DIRECTORY_ENTRY_SIZE <= directory.length; at += DIRECTORY_ENTRY_SIZE) {
    const nameLength = Math.min(directory.readUInt16LE(at + 0x40), 64);
    entries.push({
      name: directory.toString('utf16le', at, at + Math.max(nameLength - 2, 0)),
      type: directory.readUInt8(at + 0x42),
      left: directory.readUInt32LE(at + 0x44),
      right: directory.readUInt32LE(at + 0x48),
      child: directory.readUInt32LE(at + 0x4c),
      startSector: directory.readUInt32LE(at + 0x74),
      // Version 3 files (512-byte sectors) may leave garbage in the high half of the size.
      size:
        directory.readUInt32LE(at + 0x78) +
        (sectorSize === 4096 ? directory.readUInt32LE(at + 0x7c) * 2 ** 32 : 0),
    });
  }
  return entries;
}
