// Writes a zip file the way .NET's ZipArchive does on a seekable file (which is how
// IntuneWinAppUtil writes both its inner and outer zip): each local header is written first
// with zero CRC and sizes, the data streams after it, and the header is patched once they are
// known, so no entry needs a data descriptor and no entry is held in memory.
import { IO_CHUNK_BYTES } from '../io-chunk.ts';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { InputError } from '../../errors.ts';
import { toDosDateTime } from './dos-time.ts';
import {
  encodeCentralHeader,
  encodeEndOfCentralDirectory,
  encodeLocalHeader,
  MAX_CLASSIC_VALUE,
  METHOD_DEFLATE,
  METHOD_STORED,
  type CentralRecord,
  type ZipMethod,
} from './format.ts';

export interface AddEntryOptions {
  method: ZipMethod;
  modified: Date;
  /** Called with the number of source bytes consumed, as they are consumed. */
  onBytes?: (bytes: number) => void;
}

const MAX_CLASSIC_ENTRIES = 0xffff;

export class ZipFileWriter {
  private readonly records: CentralRecord[] = [];
  private position = 0;

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
  ) {}

  static async create(path: string): Promise<ZipFileWriter> {
    return new ZipFileWriter(await open(path, 'w'), path);
  }

  /**
   * Streams an opened file into the archive from its start. The caller opens and closes it, so it
   * decides how a path is opened (the packager refuses anything but the regular file it listed).
   */
  async addFile(name: string, source: FileHandle, options: AddEntryOptions): Promise<void> {
    const stream = source.createReadStream({ start: 0, highWaterMark: IO_CHUNK_BYTES, autoClose: false });
    await this.addStream(name, stream, options);
  }

  async addBuffer(name: string, data: Buffer, options: AddEntryOptions): Promise<void> {
    await this.addStream(name, [data], options);
  }

  /** An entry for an empty directory; .NET's CreateFromDirectory writes one only for those. */
  async addDirectory(name: string, modified: Date): Promise<void> {
    const record = this.newRecord(name.endsWith('/') ? name : `${name}/`, METHOD_STORED, modified, true);
    await this.writeRaw(encodeLocalHeader(record, Buffer.from(record.name, 'utf8')));
    this.records.push(record);
  }

  async addStream(
    name: string,
    source: AsyncIterable<Buffer> | Iterable<Buffer>,
    options: AddEntryOptions,
  ): Promise<void> {
    const record = this.newRecord(name, options.method, options.modified, false);
    const nameBytes = Buffer.from(name, 'utf8');
    await this.writeRaw(encodeLocalHeader(record, nameBytes));
    const dataStart = this.position;

    const measure = async function* (chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of chunks) {
        record.crc32 = crc32(chunk, record.crc32);
        record.size += chunk.length;
        options.onBytes?.(chunk.length);
        yield chunk;
      }
    };
    const write = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
      for await (const chunk of chunks) await this.writeRaw(chunk);
    };
    if (options.method === METHOD_DEFLATE) {
      const deflate = createDeflateRaw({ level: 6, chunkSize: IO_CHUNK_BYTES });
      await pipeline(source, measure, deflate, write);
    } else {
      await pipeline(source, measure, write);
    }

    record.compressedSize = this.position - dataStart;
    await this.patchLocalHeader(record, nameBytes);
  }

  /** Writes the now known CRC and sizes into the entry's local header and records the entry. */
  private async patchLocalHeader(record: CentralRecord, nameBytes: Buffer): Promise<void> {
    if (record.size > MAX_CLASSIC_VALUE || record.compressedSize > MAX_CLASSIC_VALUE) {
      throw new InputError(
        `${record.name} is larger than 4 GiB, which this packager does not support yet`,
        [],
        { hint: 'Split the setup into smaller files or package it with IntuneWinAppUtil on Windows.' },
      );
    }
    await this.file.write(encodeLocalHeader(record, nameBytes), 0, undefined, record.localHeaderOffset);
    this.records.push(record);
  }

  /**
   * A stored entry whose data `write` puts in this file itself, starting at `position`, and
   * whose byte count and CRC-32 it returns (the packager encrypts straight into the archive).
   */
  async addWrittenInPlace(
    name: string,
    modified: Date,
    write: (file: FileHandle, position: number) => Promise<{ size: number; crc32: number }>,
  ): Promise<void> {
    const record = this.newRecord(name, METHOD_STORED, modified, false);
    const nameBytes = Buffer.from(name, 'utf8');
    await this.writeRaw(encodeLocalHeader(record, nameBytes));
    const written = await write(this.file, this.position);
    record.size = written.size;
    record.compressedSize = written.size;
    record.crc32 = written.crc32;
    this.position += written.size;
    await this.patchLocalHeader(record, nameBytes);
  }

  /** Writes the central directory and closes the file. Returns the archive's size. */
  async finish(): Promise<number> {
    if (this.records.length > MAX_CLASSIC_ENTRIES) {
      await this.file.close();
      throw new InputError(`the folder holds ${this.records.length} files; at most 65535 are supported`);
    }
    const directoryOffset = this.position;
    for (const record of this.records) await this.writeRaw(encodeCentralHeader(record));
    const directorySize = this.position - directoryOffset;
    if (directoryOffset > MAX_CLASSIC_VALUE) {
      await this.file.close();
      throw new InputError(
        'the package would be larger than 4 GiB, which this packager does not support yet',
      );
    }
    await this.writeRaw(encodeEndOfCentralDirectory(this.records.length, directorySize, directoryOffset));
    await this.file.close();
    return this.position;
  }

  /** Closes the file without finishing it (the caller deletes it). */
  async abort(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }

  private newRecord(name: string, method: ZipMethod, modified: Date, isDirectory: boolean): CentralRecord {
    if (this.position > MAX_CLASSIC_VALUE) {
      throw new InputError(
        'the package would be larger than 4 GiB, which this packager does not support yet',
      );
    }
    return {
      name,
      method,
      ...toDosDateTime(modified),
      crc32: 0,
      compressedSize: 0,
      size: 0,
      localHeaderOffset: this.position,
      isDirectory,
    };
  }

  private async writeRaw(data: Buffer): Promise<void> {
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.file.write(data, written, data.length - written, this.position);
      written += bytesWritten;
      this.position += bytesWritten;
    }
  }
}

/** Creates a zip at `path`, lets `fill` add entries, finishes it and returns its size in bytes. */
export async function writeZipFile(
  path: string,
  fill: (zip: ZipFileWriter) => Promise<void>,
): Promise<number> {
  const zip = await ZipFileWriter.create(path);
  try {
    await fill(zip);
  } catch (error) {
    await zip.abort();
    throw error;
  }
  return zip.finish();
}
