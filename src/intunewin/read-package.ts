// Opens an outer .intunewin: reads Detection.xml and locates the encrypted payload, which is
// stored uncompressed, so callers (the unpacker, an uploader) can stream it as a byte range of
// the package file without copying it.
import { InputError } from '../errors.ts';
import { parseDetectionXml } from './detection-xml/parse.ts';
import type { DetectionInfo } from './detection-xml/types.ts';
import { PACKAGE_DETECTION_ENTRY, PACKAGE_PAYLOAD_ENTRY } from './package-layout.ts';
import { METHOD_STORED } from './zip/format.ts';
import { ZipFileReader } from './zip/zip-reader.ts';

export interface IntunewinPackage {
  detection: DetectionInfo;
  /** The encrypted payload as a byte range of the package file (an `EncryptedSource`). */
  payload: { path: string; start: number; length: number };
}

export async function openIntunewinPackage(path: string): Promise<IntunewinPackage> {
  const zip = await ZipFileReader.open(path);
  try {
    const payloadEntry = zip.find(PACKAGE_PAYLOAD_ENTRY);
    const detectionEntry = zip.find(PACKAGE_DETECTION_ENTRY);
    if (!payloadEntry || !detectionEntry) {
      throw new InputError(
        `${path} is not an .intunewin package: it lacks ${payloadEntry ? PACKAGE_DETECTION_ENTRY : PACKAGE_PAYLOAD_ENTRY}`,
      );
    }
    if (payloadEntry.method !== METHOD_STORED) {
      throw new InputError(
        `${path}: the encrypted payload is compressed, but packages store it uncompressed`,
      );
    }
    if (detectionEntry.size > 1024 * 1024)
      throw new InputError(`${path}: Detection.xml is implausibly large`);
    const parts: Buffer[] = [];
    for await (const chunk of zip.readEntry(detectionEntry)) parts.push(chunk);
    const detection = parseDetectionXml(
      Buffer.concat(parts).toString('utf8'),
      `${path}:${PACKAGE_DETECTION_ENTRY}`,
    );
    return {
      detection,
      payload: { path, start: await zip.dataOffset(payloadEntry), length: payloadEntry.compressedSize },
    };
  } finally {
    await zip.close();
  }
}
