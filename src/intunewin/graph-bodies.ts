// Graph request bodies derived from Detection.xml (microsoft-api-notes.md §3.1): the content
// file entry (`size` = unencrypted inner zip, `sizeEncrypted` = encrypted payload) and the
// commit body's `fileEncryptionInfo`.
import type { DetectionInfo } from './detection-xml/types.ts';
import type { FileEncryptionInfo } from './payload/file-encryption-info.ts';

export interface ContentFileSizes {
  size: number;
  sizeEncrypted: number;
}

export interface ContentFileBody extends ContentFileSizes {
  '@odata.type': '#microsoft.graph.mobileAppContentFile';
  name: string;
  manifest: null;
  isDependency: false;
}

/** The commit body's `fileEncryptionInfo`, exactly the seven fields Graph defines. */
export function fileEncryptionInfoFromDetection(detection: DetectionInfo): FileEncryptionInfo {
  const info = detection.encryptionInfo;
  return {
    encryptionKey: info.encryptionKey,
    macKey: info.macKey,
    initializationVector: info.initializationVector,
    mac: info.mac,
    profileIdentifier: info.profileIdentifier,
    fileDigest: info.fileDigest,
    fileDigestAlgorithm: info.fileDigestAlgorithm,
  };
}

/** `POST …/contentVersions/{id}/files` body; `sizeEncrypted` is the encrypted payload's byte length. */
export function contentFileBody(detection: DetectionInfo, sizeEncrypted: number): ContentFileBody {
  return {
    '@odata.type': '#microsoft.graph.mobileAppContentFile',
    name: detection.fileName,
    size: detection.unencryptedContentSize,
    sizeEncrypted,
    manifest: null,
    isDependency: false,
  };
}
