// Unpacks an .intunewin: verifies the payload (MAC, IV, digest, sizes) while decrypting it to a
// temporary inner zip, and only when everything matches extracts that zip into the output folder.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../errors.ts';
import type { DetectionInfo } from './detection-xml/types.ts';
import { verifyEncryptedContent } from './payload/verify-payload.ts';
import { openIntunewinPackage } from './read-package.ts';
import { ZipFileReader } from './zip/zip-reader.ts';

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

async function assertEmptyOrAbsent(directory: string): Promise<void> {
  const entries = await readdir(directory).catch(() => []);
  if (entries.length > 0) {
    throw new InputError(`the output folder ${directory} is not empty`, [], {
      hint: 'Choose a new or empty folder.',
    });
  }
}

/** Refuses entry names that would escape the output folder (absolute, drive letters, `..`). */
function safeTarget(root: string, name: string): string {
  const target = resolve(root, name);
  if (isAbsolute(name) || /^[A-Za-z]:/.test(name) || name.includes('\\') || !target.startsWith(root + sep)) {
    throw new InputError(`the package contains an unsafe path: ${name}`);
  }
  return target;
}

export async function unpackIntunewin(options: UnpackOptions): Promise<UnpackResult> {
  const outputDir = resolve(options.outputDir);
  await assertEmptyOrAbsent(outputDir);
  const pkg = await openIntunewinPackage(options.packageFile);
  await mkdir(dirname(outputDir), { recursive: true });
  const work = await mkdtemp(join(dirname(outputDir), '.intunewin-unpack-'));
  try {
    const innerPath = join(work, 'content.zip');
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

    const zip = await ZipFileReader.open(innerPath);
    const files: string[] = [];
    try {
      const extractTotal = zip.entries.reduce((sum, entry) => sum + entry.size, 0);
      let extracted = 0;
      await mkdir(outputDir, { recursive: true });
      for (const entry of zip.entries) {
        const target = safeTarget(outputDir, entry.name);
        if (entry.isDirectory) {
          await mkdir(target, { recursive: true });
          continue;
        }
        await mkdir(dirname(target), { recursive: true });
        await pipeline(zip.readEntry(entry), createWriteStream(target, { flags: 'wx' }));
        files.push(entry.name);
        extracted += entry.size;
        options.onProgress?.({ phase: 'extract', done: extracted, total: extractTotal });
      }
    } finally {
      await zip.close();
    }
    return { detection: pkg.detection, files, size: verdict.size, sizeEncrypted: verdict.sizeEncrypted };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
