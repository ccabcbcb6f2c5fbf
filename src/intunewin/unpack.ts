// Unpacks an .intunewin: verifies the payload (MAC, IV, digest, sizes) while decrypting it to a
// temporary inner zip, checks every entry of that zip before writing anything, extracts it into
// a temporary folder beside the output (each entry held to its declared size while inflating)
// and moves that folder into place only when everything succeeded. Any failure leaves the output
// as it was found; hostile input is refused with an InputError naming the entry.
import { createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../errors.ts';
import type { DetectionInfo } from './detection-xml/types.ts';
import { checkEntries } from './extract/check-entries.ts';
import { outputError, UnpackDestination } from './extract/destination.ts';
import { verifyEncryptedContent } from './payload/verify-payload.ts';
import { openIntunewinPackage, type IntunewinPackage } from './read-package.ts';
import { quoteName } from './zip/quote-name.ts';
import { ZipFileReader } from './zip/zip-reader.ts';
import { makeDirectory } from '../make-dir.ts';

export interface UnpackOptions {
  packageFile: string;
  outputDir: string;
  onProgress?: (progress: { phase: 'verify' | 'extract'; done: number; total: number }) => void;
}

export interface UnpackResult {
  detection: DetectionInfo;
  /** Extracted files, relative to the output folder, with forward slashes. */
  files: string[];
  size: number;
  sizeEncrypted: number;
}

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / (1024 * 1024))} MiB`;
}

/** Decrypts and verifies the payload into `innerPath`; refuses a package that fails. */
async function decryptPayload(
  pkg: IntunewinPackage,
  options: UnpackOptions,
  innerPath: string,
): Promise<{ size: number; sizeEncrypted: number }> {
  const inner = await open(innerPath, 'w');
  let done = 0;
  const total = pkg.payload.length;
  const verdict = await verifyEncryptedContent(pkg.payload, pkg.detection.encryptionInfo, {
    size: pkg.detection.unencryptedContentSize,
    onPlaintext: async (chunk) => {
      await inner.write(chunk);
      done += chunk.length;
      options.onProgress?.({ phase: 'verify', done: Math.min(done, total), total });
    },
  }).finally(() => inner.close());
  if (!verdict.ok) {
    throw new InputError(`${options.packageFile} failed verification: ${verdict.message}`, [], {
      hint: 'The package was changed or damaged after it was made; rebuild it from the setup folder.',
    });
  }
  return verdict;
}

/** The entry's path under `root`; the names were checked, this is the last line of defence. */
function targetOf(root: string, name: string): string {
  const target = resolve(root, name);
  if (!target.startsWith(root + sep)) throw new Error(`entry ${quoteName(name)} escaped the check`);
  return target;
}

/** Writes every (already checked) entry under `root`; returns the files written. */
async function extractEntries(
  zip: ZipFileReader,
  root: string,
  total: number,
  onProgress: UnpackOptions['onProgress'],
): Promise<string[]> {
  const files: string[] = [];
  let extracted = 0;
  await mkdir(root);
  for (const entry of zip.entries) {
    const target = targetOf(root, entry.name);
    try {
      if (entry.isDirectory) {
        await makeDirectory(target);
        continue;
      }
      await makeDirectory(dirname(target));
      await pipeline(zip.readEntry(entry), createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      throw outputError(error, `write ${quoteName(entry.name)}`);
    }
    files.push(entry.name);
    extracted += entry.size;
    onProgress?.({ phase: 'extract', done: extracted, total });
  }
  return files;
}

export async function unpackIntunewin(options: UnpackOptions): Promise<UnpackResult> {
  const outputDir = resolve(options.outputDir);
  const destination = await UnpackDestination.inspect(outputDir);
  const pkg = await openIntunewinPackage(options.packageFile);
  const work = await destination.createWorkFolder();
  try {
    const innerPath = join(work, 'content.zip');
    const verdict = await decryptPayload(pkg, options, innerPath).catch((error: unknown) => {
      throw outputError(error, `decrypt the package into ${work}`);
    });
    const zip = await ZipFileReader.open(innerPath, `${options.packageFile} (its content)`);
    const staging = join(work, 'files');
    let files: string[];
    try {
      const total = await checkEntries(zip, [staging, outputDir]);
      const free = await destination.freeBytes();
      if (total > free) {
        throw new InputError(
          `${options.packageFile} unpacks to ${megabytes(total)}, but only ${megabytes(free)} are free in ${dirname(outputDir)}`,
          [],
          { hint: 'Free some disk space or unpack to another disk.' },
        );
      }
      files = await extractEntries(zip, staging, total, options.onProgress);
    } finally {
      await zip.close();
    }
    await destination.commit(staging);
    return { detection: pkg.detection, files, size: verdict.size, sizeEncrypted: verdict.sizeEncrypted };
  } catch (error) {
    await destination.discard();
    throw error;
  }
}
