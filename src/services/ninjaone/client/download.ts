// Streams a download to a file while hashing it (sha256), so a large installer never sits in
// memory. The file lands as `dir/<first 16 hex of sha256>/fileName` by an atomic rename from a
// private temporary file: content-addressed, so a newer build never overwrites a file another run
// is still packaging, and a failed or retried attempt leaves no partial file behind.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { makeDirectory } from '../../../make-dir.ts';

export interface DownloadedFile {
  path: string;
  sha256: string;
  size: number;
}

/** What one attempt wrote: the temporary file, its hash and size. */
export interface StreamedPart {
  temp: string;
  sha256: string;
  size: number;
}

/**
 * Writes `body` to a fresh temporary file in `dir`, hashing as it goes. Each call (one per HTTP
 * attempt) starts over; the part of a failed attempt is removed.
 */
export async function streamToTempFile(
  body: ReadableStream<Uint8Array> | null,
  dir: string,
  fileName: string,
  signal: AbortSignal,
): Promise<StreamedPart> {
  // Private: the per-location MSI enrols any device that runs it into the organization.
  await makeDirectory(dir, 0o700);
  const temp = path.join(dir, `.${fileName}.${process.pid}.${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const source = body ? Readable.fromWeb(body) : Readable.from([]);
  try {
    await pipeline(source, hashing, createWriteStream(temp, { mode: 0o600 }), { signal });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { temp, sha256: hash.digest('hex'), size };
}

/** Moves a finished part to its content-addressed place. */
export async function placeDownloaded(
  part: StreamedPart,
  dir: string,
  fileName: string,
): Promise<DownloadedFile> {
  const folder = path.join(dir, part.sha256.slice(0, 16));
  await makeDirectory(folder, 0o700);
  const target = path.join(folder, fileName);
  await rename(part.temp, target);
  return { path: target, sha256: part.sha256, size: part.size };
}
