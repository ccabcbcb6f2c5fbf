// Builds hostile .intunewin packages for the unpack tests: zip bytes written by hand (so every
// field can lie: names, sizes, CRCs, attributes, offsets), encrypted with the real encryptor and
// described by a real Detection.xml, so a package is refused for the one hostile thing in it.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import {
  DEFAULT_TOOL_VERSION,
  encryptPayloadFile,
  PACKAGE_DETECTION_ENTRY,
  PACKAGE_PAYLOAD_ENTRY,
  writeDetectionXml,
} from '../../../src/intunewin/index.ts';

export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
export const HOST_UNIX = 3;
export const S_IFLNK = 0o120000;
export const S_IFIFO = 0o010000;
export const S_IFREG = 0o100000;

/** One zip entry as written; anything left out is derived honestly from `content`. */
export interface RawEntry {
  name: string | Buffer;
  /** The uncompressed bytes (default: empty). */
  content?: Buffer;
  method?: number;
  /** The compressed bytes as stored; default: `content` stored or deflated. */
  data?: Buffer;
  /** Declared sizes and CRC; default: the true ones. */
  size?: number;
  crc?: number;
  flags?: number;
  hostSystem?: number;
  externalAttributes?: number;
  /** Point the central record at this local header offset instead of the entry's own. */
  localHeaderOffset?: number;
  /** Write no local header or data (for a central record that points elsewhere). */
  centralOnly?: boolean;
  /** A different name in the local header than in the central directory. */
  localName?: string;
}

const UTF8_FLAG = 0x0800;

function nameBytes(entry: RawEntry): Buffer {
  return Buffer.isBuffer(entry.name) ? entry.name : Buffer.from(entry.name, 'utf8');
}

function compressed(entry: RawEntry): Buffer {
  const content = entry.content ?? Buffer.alloc(0);
  if (entry.data) return entry.data;
  return (entry.method ?? METHOD_DEFLATE) === METHOD_DEFLATE ? deflateRawSync(content) : content;
}

function localHeader(entry: RawEntry, name: Buffer, data: Buffer): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(entry.flags ?? UTF8_FLAG, 6);
  header.writeUInt16LE(entry.method ?? METHOD_DEFLATE, 8);
  header.writeUInt32LE((entry.crc ?? crc32(entry.content ?? Buffer.alloc(0))) >>> 0, 14);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(entry.size ?? (entry.content ?? Buffer.alloc(0)).length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function centralHeader(entry: RawEntry, name: Buffer, data: Buffer, offset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt8(20, 4);
  header.writeUInt8(entry.hostSystem ?? 0, 5);
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(entry.flags ?? UTF8_FLAG, 8);
  header.writeUInt16LE(entry.method ?? METHOD_DEFLATE, 10);
  header.writeUInt32LE((entry.crc ?? crc32(entry.content ?? Buffer.alloc(0))) >>> 0, 16);
  header.writeUInt32LE(data.length, 20);
  header.writeUInt32LE(entry.size ?? (entry.content ?? Buffer.alloc(0)).length, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(entry.externalAttributes ?? 0, 38);
  header.writeUInt32LE(entry.localHeaderOffset ?? offset, 42);
  return Buffer.concat([header, name]);
}

/** An entry's local header and data, as zipBytes writes them. */
export function localRecord(entry: RawEntry): Buffer {
  const data = compressed(entry);
  const name = entry.localName === undefined ? nameBytes(entry) : Buffer.from(entry.localName);
  return Buffer.concat([localHeader(entry, name, data), data]);
}

/** A classic zip of `entries`, in order, every field as given. */
export function zipBytes(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = nameBytes(entry);
    const data = compressed(entry);
    centrals.push(centralHeader(entry, name, data, offset));
    if (entry.centralOnly) continue;
    const local = localRecord(entry);
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Raw deflate of `mebibytes` MiB of zeros, made in milliseconds: one MiB deflated with a full
 * flush (which resets the window, so the block stands alone) repeated, then an empty final block.
 * 1 MiB of zeros takes about 1 KB, so 1.5 GiB of zeros fits in 1.5 MB.
 */
export function zeroBomb(mebibytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), {
    level: 9,
    finishFlush: constants.Z_FULL_FLUSH,
  });
  const finalEmptyBlock = Buffer.from([0x03, 0x00]); // BFINAL=1, fixed Huffman, end-of-block
  return Buffer.concat([...Array.from({ length: mebibytes }, () => block), finalEmptyBlock]);
}

/** The CRC-32 of `mebibytes` MiB of zeros (what zeroBomb inflates to), for an honest entry. */
export function zerosCrc(mebibytes: number): number {
  const block = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let i = 0; i < mebibytes; i++) crc = crc32(block, crc);
  return crc;
}

export interface PackageParts {
  /** The inner zip (the setup folder), plaintext. */
  inner: Buffer;
  /** Rewrites the Detection.xml text before it is stored. */
  detectionXml?: (xml: string) => string;
  /** Replaces the Detection.xml entry (name and bytes are then the caller's). */
  detectionEntry?: (xml: Buffer) => RawEntry;
  /** Replaces the payload entry (given the honest one). */
  payloadEntry?: (payload: RawEntry) => RawEntry;
  /** More outer entries, after the two real ones. */
  extraOuter?: (parts: { detection: RawEntry; payload: RawEntry }) => RawEntry[];
}

/** Encrypts `inner` with fresh keys and writes a package at `dir/name`; returns its path. */
export async function writePackage(dir: string, name: string, parts: PackageParts): Promise<string> {
  const innerPath = path.join(dir, `${name}.inner.zip`);
  const payloadPath = path.join(dir, `${name}.payload`);
  await writeFile(innerPath, parts.inner);
  const encrypted = await encryptPayloadFile(innerPath, payloadPath);
  const xml = writeDetectionXml({
    toolVersion: DEFAULT_TOOL_VERSION,
    name: 'setup.cmd',
    unencryptedContentSize: encrypted.size,
    fileName: 'IntunePackage.intunewin',
    setupFile: 'setup.cmd',
    encryptionInfo: encrypted.fileEncryptionInfo,
  });
  const xmlBytes = Buffer.from(parts.detectionXml ? parts.detectionXml(xml) : xml, 'utf8');
  const detection: RawEntry = parts.detectionEntry?.(xmlBytes) ?? {
    name: PACKAGE_DETECTION_ENTRY,
    content: xmlBytes,
  };
  const honestPayload: RawEntry = {
    name: PACKAGE_PAYLOAD_ENTRY,
    content: await readFile(payloadPath),
    method: METHOD_STORED,
  };
  const payload = parts.payloadEntry?.(honestPayload) ?? honestPayload;
  const file = path.join(dir, name);
  await writeFile(
    file,
    zipBytes([detection, payload, ...(parts.extraOuter?.({ detection, payload }) ?? [])]),
  );
  return file;
}

/** A plain file entry with the given text. */
export function file(name: string | Buffer, text = `content of ${String(name)}\n`): RawEntry {
  return { name, content: Buffer.from(text) };
}
