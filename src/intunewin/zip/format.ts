// Zip record layouts (PKWARE APPNOTE 6.3) for the subset IntuneWinAppUtil writes: stored and
// deflated entries, no data descriptors, no extra fields, no comments, UTF-8 names.

export const LOCAL_HEADER_SIGNATURE = 0x04034b50;
export const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
export const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
export const ZIP64_END_SIGNATURE = 0x06064b50;
export const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;

export const LOCAL_HEADER_SIZE = 30;
export const CENTRAL_HEADER_SIZE = 46;
export const END_OF_CENTRAL_DIRECTORY_SIZE = 22;

export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
export type ZipMethod = typeof METHOD_STORED | typeof METHOD_DEFLATE;

/** General-purpose flag bit 11: the name is UTF-8. IntuneWinAppUtil sets it on every entry. */
export const FLAG_UTF8_NAME = 0x0800;

/** The largest size or offset a classic (non-Zip64) header can hold. */
export const MAX_CLASSIC_VALUE = 0xfffffffe;

/**
 * "Version needed to extract" as .NET's ZipArchive writes it: 2.0 for deflate and for directory
 * entries, 1.0 for stored files. IntuneWinAppUtil writes the same value as "version made by",
 * with host system 0 (MS-DOS/Windows).
 */
export function versionNeeded(method: ZipMethod, isDirectory: boolean): number {
  return method === METHOD_DEFLATE || isDirectory ? 20 : 10;
}

export interface CentralRecord {
  name: string;
  method: ZipMethod;
  time: number;
  date: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}

export function encodeLocalHeader(record: CentralRecord, nameBytes: Buffer): Buffer {
  const header = Buffer.alloc(LOCAL_HEADER_SIZE + nameBytes.length);
  header.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0);
  header.writeUInt16LE(versionNeeded(record.method, record.isDirectory), 4);
  header.writeUInt16LE(FLAG_UTF8_NAME, 6);
  header.writeUInt16LE(record.method, 8);
  header.writeUInt16LE(record.time, 10);
  header.writeUInt16LE(record.date, 12);
  header.writeUInt32LE(record.crc32 >>> 0, 14);
  header.writeUInt32LE(record.compressedSize, 18);
  header.writeUInt32LE(record.size, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  header.writeUInt16LE(0, 28);
  nameBytes.copy(header, LOCAL_HEADER_SIZE);
  return header;
}

export function encodeCentralHeader(record: CentralRecord): Buffer {
  const nameBytes = Buffer.from(record.name, 'utf8');
  const header = Buffer.alloc(CENTRAL_HEADER_SIZE + nameBytes.length);
  const version = versionNeeded(record.method, record.isDirectory);
  header.writeUInt32LE(CENTRAL_HEADER_SIGNATURE, 0);
  header.writeUInt16LE(version, 4); // made by: host 0 (Windows), same spec version
  header.writeUInt16LE(version, 6);
  header.writeUInt16LE(FLAG_UTF8_NAME, 8);
  header.writeUInt16LE(record.method, 10);
  header.writeUInt16LE(record.time, 12);
  header.writeUInt16LE(record.date, 14);
  header.writeUInt32LE(record.crc32 >>> 0, 16);
  header.writeUInt32LE(record.compressedSize, 20);
  header.writeUInt32LE(record.size, 24);
  header.writeUInt16LE(nameBytes.length, 28);
  // extra length, comment length, disk number, internal and external attributes: all zero
  header.writeUInt32LE(record.localHeaderOffset, 42);
  nameBytes.copy(header, CENTRAL_HEADER_SIZE);
  return header;
}

export function encodeEndOfCentralDirectory(entries: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(END_OF_CENTRAL_DIRECTORY_SIZE);
  record.writeUInt32LE(END_OF_CENTRAL_DIRECTORY_SIGNATURE, 0);
  record.writeUInt16LE(entries, 8);
  record.writeUInt16LE(entries, 10);
  record.writeUInt32LE(size, 12);
  record.writeUInt32LE(offset, 16);
  return record;
}
