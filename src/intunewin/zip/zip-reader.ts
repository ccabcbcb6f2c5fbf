// Reads a zip file by random access: the central directory first, then each entry's bytes on
// demand as a stream, so an entry of any size passes through bounded memory. Supports what
// IntuneWinAppUtil and our writer produce (stored and deflated entries, classic headers).
import { IO_CHUNK_BYTES } from '../io-chunk.ts';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { InputError } from '../../errors.ts';
import { quoteName } from './quote-name.ts';
import {
  CENTRAL_HEADER_SIGNATURE,
  CENTRAL_HEADER_SIZE,
  END_OF_CENTRAL_DIRECTORY_SIGNATURE,
  END_OF_CENTRAL_DIRECTORY_SIZE,
  LOCAL_HEADER_SIGNATURE,
  LOCAL_HEADER_SIZE,
  METHOD_DEFLATE,
  METHOD_STORED,
  ZIP64_LOCATOR_SIGNATURE,
} from './format.ts';

export interface ZipEntry {
  name: string;
  /** False when the name's bytes are not valid UTF-8 (the name then holds U+FFFD for them). */
  nameIsUtf8: boolean;
  /** General-purpose flags (bit 0: encrypted with ZipCrypto, which we cannot read). */
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
  /** The upper byte of "version made by": 0 MS-DOS/Windows, 3 Unix, 19 macOS, 10/11 NTFS/VFAT. */
  hostSystem: number;
  /** External attributes: a Unix mode in the upper 16 bits (Unix hosts), DOS attributes below. */
  externalAttributes: number;
}

const MAX_COMMENT = 0xffff;
/**
 * The largest central directory read into memory: 65535 entries (the classic limit) with names
 * of 300 bytes fit in 23 MiB, so a bigger one is a hostile archive, not a package.
 */
const MAX_CENTRAL_DIRECTORY = 32 * 1024 * 1024;
/** Sizes and offsets of 0xFFFFFFFF mean "see the Zip64 extra field", which we do not read. */
const ZIP64_MARKER = 0xffffffff;
const FLAG_ENCRYPTED = 0x0001;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(bytes: Buffer): { name: string; nameIsUtf8: boolean } {
  try {
    return { name: utf8.decode(bytes), nameIsUtf8: true };
  } catch {
    return { name: bytes.toString('utf8'), nameIsUtf8: false };
  }
}

function invalid(path: string, why: string): InputError {
  return new InputError(`${path} is not a readable zip file: ${why}`);
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

async function findEndOfCentralDirectory(file: FileHandle, path: string, fileSize: number) {
  const tailLength = Math.min(fileSize, END_OF_CENTRAL_DIRECTORY_SIZE + MAX_COMMENT);
  const tail = await readAt(file, fileSize - tailLength, tailLength);
  for (let at = tail.length - END_OF_CENTRAL_DIRECTORY_SIZE; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== END_OF_CENTRAL_DIRECTORY_SIGNATURE) continue;
    if (at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR_SIGNATURE) {
      throw invalid(path, 'Zip64 archives (over 4 GiB or 65535 entries) are not supported yet');
    }
    return {
      entries: tail.readUInt16LE(at + 10),
      size: tail.readUInt32LE(at + 12),
      offset: tail.readUInt32LE(at + 16),
    };
  }
  throw invalid(path, 'no end-of-central-directory record');
}

export class ZipFileReader {
  /** Data offsets already read (unpack checks the layout of every entry before reading them). */
  private readonly offsets = new Map<ZipEntry, number>();

  private constructor(
    readonly path: string,
    /** How messages name this zip (the package, for an inner zip held in a temporary file). */
    readonly label: string,
    private readonly file: FileHandle,
    readonly entries: readonly ZipEntry[],
    /** Where the central directory starts: every entry's bytes must end before it. */
    readonly centralDirectoryOffset: number,
  ) {}

  static async open(path: string, label = path): Promise<ZipFileReader> {
    const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      throw new InputError(`cannot read ${label}: ${error.message}`, [], { cause: error });
    });
    try {
      const { size: fileSize } = await file.stat();
      const end = await findEndOfCentralDirectory(file, label, fileSize);
      if (end.offset + end.size > fileSize) throw invalid(label, 'central directory outside the file');
      if (end.size > MAX_CENTRAL_DIRECTORY) {
        throw invalid(label, `its central directory claims ${end.size} bytes, more than any package needs`);
      }
      const directory = await readAt(file, end.offset, end.size);
      const entries: ZipEntry[] = [];
      let at = 0;
      for (let index = 0; index < end.entries; index++) {
        if (
          at + CENTRAL_HEADER_SIZE > directory.length ||
          directory.readUInt32LE(at) !== CENTRAL_HEADER_SIGNATURE
        ) {
          throw invalid(label, `central directory entry ${index + 1} is damaged`);
        }
        const nameLength = directory.readUInt16LE(at + 28);
        const extraLength = directory.readUInt16LE(at + 30);
        const commentLength = directory.readUInt16LE(at + 32);
        if (at + CENTRAL_HEADER_SIZE + nameLength > directory.length) {
          throw invalid(label, `central directory entry ${index + 1} is damaged`);
        }
        const { name, nameIsUtf8 } = decodeName(
          directory.subarray(at + CENTRAL_HEADER_SIZE, at + CENTRAL_HEADER_SIZE + nameLength),
        );
        const entry: ZipEntry = {
          name,
          nameIsUtf8,
          flags: directory.readUInt16LE(at + 8),
          method: directory.readUInt16LE(at + 10),
          crc32: directory.readUInt32LE(at + 16),
          compressedSize: directory.readUInt32LE(at + 20),
          size: directory.readUInt32LE(at + 24),
          localHeaderOffset: directory.readUInt32LE(at + 42),
          isDirectory: name.endsWith('/'),
          hostSystem: directory.readUInt8(at + 5),
          externalAttributes: directory.readUInt32LE(at + 38),
        };
        if (
          entry.size === ZIP64_MARKER ||
          entry.compressedSize === ZIP64_MARKER ||
          entry.localHeaderOffset === ZIP64_MARKER
        ) {
          throw invalid(label, `${quoteName(name)} needs Zip64, which is not supported yet`);
        }
        entries.push(entry);
        at += CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
      }
      return new ZipFileReader(path, label, file, entries, end.offset);
    } catch (error) {
      await file.close();
      if (error instanceof InputError || (error as NodeJS.ErrnoException).code === undefined) throw error;
      throw new InputError(`cannot read ${label}: ${(error as Error).message}`, [], { cause: error });
    }
  }

  find(name: string): ZipEntry | undefined {
    return this.entries.find((entry) => entry.name === name);
  }

  /**
   * Where an entry's (possibly compressed) bytes start in the zip file. The local header must
   * name the same entry as the central directory: a reader that trusted either one alone could be
   * shown different files than another tool (or a later check) sees.
   */
  async dataOffset(entry: ZipEntry): Promise<number> {
    const known = this.offsets.get(entry);
    if (known !== undefined) return known;
    const header = await readAt(this.file, entry.localHeaderOffset, LOCAL_HEADER_SIZE);
    if (header.length < LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
      throw invalid(this.label, `the local header of ${quoteName(entry.name)} is damaged`);
    }
    const nameLength = header.readUInt16LE(26);
    const localName = await readAt(this.file, entry.localHeaderOffset + LOCAL_HEADER_SIZE, nameLength);
    if (decodeName(localName).name !== entry.name) {
      throw invalid(this.label, `the local header of ${quoteName(entry.name)} names a different entry`);
    }
    const offset = entry.localHeaderOffset + LOCAL_HEADER_SIZE + nameLength + header.readUInt16LE(28);
    this.offsets.set(entry, offset);
    return offset;
  }

  /**
   * The entry's uncompressed bytes, streamed. The declared size is a hard limit while inflating
   * (a "zip bomb" that declares 1 KB and inflates to gigabytes stops after the first chunk past
   * it), and the size and CRC-32 are checked at the end, so a damaged or lying entry fails
   * instead of yielding wrong data. Every failure is an InputError naming the entry.
   */
  async *readEntry(entry: ZipEntry): AsyncGenerator<Buffer> {
    const label = quoteName(entry.name);
    if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
      throw invalid(
        this.label,
        `${label} uses compression method ${entry.method}; only stored and deflate are supported`,
      );
    }
    if ((entry.flags & FLAG_ENCRYPTED) !== 0) {
      throw invalid(this.label, `${label} is encrypted with a zip password, which packages never use`);
    }
    const start = await this.dataOffset(entry);
    let crc = 0;
    let size = 0;
    if (entry.compressedSize > 0) {
      const { chunks, finished } = this.rawOrInflated(entry, start);
      try {
        for await (const chunk of chunks as AsyncIterable<Buffer>) {
          size += chunk.length;
          // Checked before the chunk is passed on: nothing beyond the declared size is written.
          if (size > entry.size) {
            throw invalid(
              this.label,
              `${label} declares ${entry.size} bytes but holds more (stopped at ${size}); it may be a zip bomb`,
            );
          }
          crc = crc32(chunk, crc);
          yield chunk;
        }
        const failure = await finished;
        if (failure !== undefined) throw failure;
      } catch (error) {
        if (error instanceof InputError) throw error;
        // zlib's "invalid stored block lengths", "unexpected end of file" and the like.
        throw invalid(this.label, `${label} cannot be inflated: ${(error as Error).message}`);
      } finally {
        chunks.destroy();
      }
    }
    if (size !== entry.size) {
      throw invalid(this.label, `${label} declares ${entry.size} bytes but holds ${size}`);
    }
    if (crc >>> 0 !== entry.crc32 >>> 0) {
      throw invalid(this.label, `${label} is damaged (its CRC-32 does not match)`);
    }
  }

  /**
   * The entry's bytes as stored, or inflated. The inflater is joined with pipeline(), which
   * listens for errors on both streams: a zlib error that arrives after the reader stopped (a
   * truncated stream ends with one) is reported through `finished`, never left unhandled.
   */
  private rawOrInflated(
    entry: ZipEntry,
    start: number,
  ): { chunks: Readable; finished: Promise<Error | undefined> } {
    const raw = createReadStream(this.path, {
      start,
      end: start + entry.compressedSize - 1,
      highWaterMark: IO_CHUNK_BYTES,
    });
    if (entry.method === METHOD_STORED) return { chunks: raw, finished: Promise.resolve(undefined) };
    let settle: (error: Error | undefined) => void = () => undefined;
    const finished = new Promise<Error | undefined>((resolve) => (settle = resolve));
    const chunks = pipeline(raw, createInflateRaw(), (error) => settle(error ?? undefined));
    return { chunks, finished };
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}
