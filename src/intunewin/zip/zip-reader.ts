// Reads a zip file by random access: the central directory first, then each entry's bytes on
// demand as a stream, so an entry of any size passes through bounded memory. Supports what
// IntuneWinAppUtil and our writer produce (stored and deflated entries, classic headers).
import { IO_CHUNK_BYTES } from '../io-chunk.ts';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { compose } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { InputError } from '../../errors.ts';
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
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}

const MAX_COMMENT = 0xffff;

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
  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    readonly entries: readonly ZipEntry[],
  ) {}

  static async open(path: string): Promise<ZipFileReader> {
    const file = await open(path, 'r');
    try {
      const { size: fileSize } = await file.stat();
      const end = await findEndOfCentralDirectory(file, path, fileSize);
      if (end.offset + end.size > fileSize) throw invalid(path, 'central directory outside the file');
      const directory = await readAt(file, end.offset, end.size);
      const entries: ZipEntry[] = [];
      let at = 0;
      for (let index = 0; index < end.entries; index++) {
        if (
          at + CENTRAL_HEADER_SIZE > directory.length ||
          directory.readUInt32LE(at) !== CENTRAL_HEADER_SIGNATURE
        ) {
          throw invalid(path, `central directory entry ${index + 1} is damaged`);
        }
        const nameLength = directory.readUInt16LE(at + 28);
        const extraLength = directory.readUInt16LE(at + 30);
        const commentLength = directory.readUInt16LE(at + 32);
        const name = directory.toString(
          'utf8',
          at + CENTRAL_HEADER_SIZE,
          at + CENTRAL_HEADER_SIZE + nameLength,
        );
        entries.push({
          name,
          method: directory.readUInt16LE(at + 10),
          crc32: directory.readUInt32LE(at + 16),
          compressedSize: directory.readUInt32LE(at + 20),
          size: directory.readUInt32LE(at + 24),
          localHeaderOffset: directory.readUInt32LE(at + 42),
          isDirectory: name.endsWith('/'),
        });
        at += CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
      }
      return new ZipFileReader(path, file, entries);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  find(name: string): ZipEntry | undefined {
    return this.entries.find((entry) => entry.name === name);
  }

  /** Where an entry's (possibly compressed) bytes start in the zip file. */
  async dataOffset(entry: ZipEntry): Promise<number> {
    const header = await readAt(this.file, entry.localHeaderOffset, LOCAL_HEADER_SIZE);
    if (header.length < LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
      throw invalid(this.path, `the local header of ${entry.name} is damaged`);
    }
    return entry.localHeaderOffset + LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
  }

  /**
   * The entry's uncompressed bytes, streamed; the CRC-32 and size are checked at the end, so a
   * damaged entry fails instead of yielding wrong data silently.
   */
  async *readEntry(entry: ZipEntry): AsyncGenerator<Buffer> {
    if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
      throw invalid(
        this.path,
        `${entry.name} uses compression method ${entry.method}; only stored and deflate are supported`,
      );
    }
    const start = await this.dataOffset(entry);
    let crc = 0;
    let size = 0;
    if (entry.compressedSize > 0) {
      const raw = createReadStream(this.path, {
        start,
        end: start + entry.compressedSize - 1,
        highWaterMark: IO_CHUNK_BYTES,
      });
      const chunks = entry.method === METHOD_STORED ? raw : compose(raw, createInflateRaw());
      for await (const chunk of chunks as AsyncIterable<Buffer>) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    }
    if (size !== entry.size || crc >>> 0 !== entry.crc32 >>> 0) {
      throw invalid(this.path, `${entry.name} is damaged (size or CRC-32 does not match)`);
    }
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}
