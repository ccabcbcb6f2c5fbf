// Packages a setup folder as IntuneWinAppUtil does (microsoft-api-notes.md §3.7), streamed end to
// end: source files → inner zip (deflate, a temporary file beside the output) → encrypted payload
// written straight into the outer stored zip's entry (HMAC and CRC patched in last) → Detection.xml. Memory stays bounded by
// the stream buffers whatever the installer's size.
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DEFAULT_TOOL_VERSION, PAYLOAD_FILE_NAME, type DetectionInfo } from './detection-xml/types.ts';
import { writeDetectionXml } from './detection-xml/write.ts';
import { readMsiInfo, type MsiInfo } from './msi/read-msi-info.ts';
import { encryptPayloadInto, type EncryptedPayload, type EncryptionKeys } from './payload/encrypt-payload.ts';
import { PACKAGE_DETECTION_ENTRY, PACKAGE_PAYLOAD_ENTRY } from './package-layout.ts';
import { openSourceFile } from './open-source-file.ts';
import { checkOutput, prepareOutputFolder, publishOutput } from './output-file.ts';
import { resolveSetupPaths } from './setup-paths.ts';
import { listSourceFolder } from './source-folder.ts';
import { sourceProblem } from './source-problems.ts';
import { METHOD_DEFLATE, METHOD_STORED } from './zip/format.ts';
import { writeZipFile } from './zip/zip-writer.ts';

export type PackPhase = 'zip' | 'encrypt' | 'package';

export interface PackProgress {
  phase: PackPhase;
  done: number;
  total: number;
}

export interface PackOptions {
  sourceFolder: string;
  /** The setup file: absolute, or relative to the source folder (else to the working directory). */
  setupFile: string;
  outputFile: string;
  toolVersion?: string;
  onProgress?: (progress: PackProgress) => void;
  /** Fixed keys, for reproducible tests only; random by default. */
  keys?: EncryptionKeys;
  /** Replace an existing output file (`--force`); without it an existing output is an InputError. */
  overwrite?: boolean;
}

export interface PackResult {
  outputFile: string;
  detection: DetectionInfo;
  /** Unencrypted inner zip bytes (Graph `size`). */
  size: number;
  /** Encrypted payload bytes (Graph `sizeEncrypted`). */
  sizeEncrypted: number;
  msi?: MsiInfo;
}

function progressCounter(phase: PackPhase, total: number, report?: (p: PackProgress) => void) {
  let done = 0;
  report?.({ phase, done, total });
  return (bytes: number): void => {
    done += bytes;
    report?.({ phase, done, total });
  };
}

export async function packIntunewin(options: PackOptions): Promise<PackResult> {
  // Everything is checked before anything is written: paths, the output, the whole folder.
  const paths = await resolveSetupPaths(options.sourceFolder, options.setupFile);
  const overwrite = options.overwrite ?? false;
  const target = await checkOutput(options.outputFile, { overwrite, setupFile: paths.setupFile });
  // An output inside the folder (a re-pack with --force) must not package the previous package.
  const listing = await listSourceFolder(paths.sourceFolder, { exclude: [target.location] });
  const msi = /\.msi$/i.test(paths.setupFile) ? await readMsiInfo(paths.setupFile) : undefined;
  const { work, undo } = await prepareOutputFolder(target, options.outputFile);
  let published = false;
  try {
    const innerZipPath = join(work, 'content.zip');
    const onZipBytes = progressCounter('zip', listing.totalBytes, options.onProgress);
    const innerZipSize = await writeZipFile(innerZipPath, async (zip) => {
      for (const file of listing.files) {
        const handle = await openSourceFile(file);
        try {
          await zip.addFile(file.relativePath, handle, {
            method: METHOD_DEFLATE,
            modified: file.modified,
            onBytes: onZipBytes,
          });
        } catch (error) {
          throw sourceProblem(error, file.absolutePath);
        } finally {
          await handle.close();
        }
      }
      for (const directory of listing.emptyDirectories)
        await zip.addDirectory(directory.relativePath, directory.modified);
    });

    // The payload is encrypted straight into the outer (stored) zip's entry: no copy pass.
    const partial = join(work, 'package.intunewin');
    const now = new Date();
    const onEncryptBytes = progressCounter('encrypt', innerZipSize, options.onProgress);
    // Set inside the zip writer's callbacks, in order: the payload entry, then Detection.xml.
    const built: { payload?: EncryptedPayload & { crc32: number }; detection?: DetectionInfo } = {};
    await writeZipFile(partial, async (zip) => {
      await zip.addWrittenInPlace(PACKAGE_PAYLOAD_ENTRY, now, async (file, position) => {
        built.payload = await encryptPayloadInto(innerZipPath, file, position, {
          ...(options.keys ? { keys: options.keys } : {}),
          onBytes: onEncryptBytes,
        });
        return { size: built.payload.sizeEncrypted, crc32: built.payload.crc32 };
      });
      const payload = built.payload!;
      progressCounter('package', payload.sizeEncrypted, options.onProgress)(payload.sizeEncrypted);
      built.detection = {
        toolVersion: options.toolVersion ?? DEFAULT_TOOL_VERSION,
        name: basename(paths.setupFile),
        unencryptedContentSize: payload.size,
        fileName: PAYLOAD_FILE_NAME,
        // The tool runs on Windows, so the relative setup path it records uses backslashes.
        setupFile: paths.setupRelative.replace(/\//g, '\\'),
        encryptionInfo: payload.fileEncryptionInfo,
        ...(msi ? { msiInfo: msi.detection } : {}),
      };
      await zip.addBuffer(PACKAGE_DETECTION_ENTRY, Buffer.from(writeDetectionXml(built.detection), 'utf8'), {
        method: METHOD_STORED,
        modified: now,
      });
    });
    const payload = built.payload!;
    const detection = built.detection!;
    await rm(innerZipPath);
    await publishOutput(partial, target, { overwrite, given: options.outputFile });
    published = true;
    return {
      outputFile: target.path,
      detection,
      size: payload.size,
      sizeEncrypted: payload.sizeEncrypted,
      ...(msi ? { msi } : {}),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
    if (!published) await undo();
  }
}
