// Opens an outer .intunewin: reads Detection.xml and locates the encrypted payload, which is
// stored uncompressed, so callers (the unpacker, an uploader) can stream it as a byte range of
// the package file without copying it.
import { InputError } from '../errors.ts';
import { parseDetectionXml } from './detection-xml/parse.ts';
import type { DetectionInfo } from './detection-xml/types.ts';
import { PACKAGE_DETECTION_ENTRY, PACKAGE_PAYLOAD_ENTRY } from './package-layout.ts';
import { METHOD_STORED } from './zip/format.ts';
import { entryKey } from './extract/entry-names.ts';
import { quoteName } from './zip/quote-name.ts';
import { ZipFileReader } from './zip/zip-reader.ts';

export interface IntunewinPackage {
  detection: DetectionInfo;
  /** The encrypted payload as a byte range of the package file (an `EncryptedSource`). */
  payload: { path: string; start: number; length: number };
}

/** Detection.xml is a few KB; the cap holds while inflating (the reader stops at the declared size). */
const MAX_DETECTION_XML = 1024 * 1024;

/**
 * Two entries of one name (or of names Windows treats as one) would let this reader and another
 * tool see different Detection.xml or payload; a package never has them.
 */
function refuseDuplicates(zip: ZipFileReader): void {
  const seen = new Map<string, string>();
  for (const entry of zip.entries) {
    const key = entryKey(entry.name);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(
        `${zip.label} is not a valid .intunewin package: it holds ${quoteName(earlier)} and ${quoteName(entry.name)}, which name the same entry`,
      );
    }
    seen.set(key, entry.name);
  }
}

export async function openIntunewinPackage(path: string): Promise<IntunewinPackage> {
  const zip = await ZipFileReader.open(path);
  try {
    refuseDuplicates(zip);
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
    if (payloadEntry.size !== payloadEntry.compressedSize) {
      throw new InputError(`${path}: the encrypted payload's stored and declared sizes differ`);
    }
    if (detectionEntry.size > MAX_DETECTION_XML) {
      throw new InputError(
        `${path}: Detection.xml declares ${detectionEntry.size} bytes, more than the ${MAX_DETECTION_XML} a package's metadata can need`,
      );
    }
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
