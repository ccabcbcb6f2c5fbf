// The .intunewin toolkit: package a setup folder as IntuneWinAppUtil does, read it back, verify
// encrypted content as Intune does on commit, and read MSI properties, all without Windows.
export { packIntunewin } from './pack.ts';
export { PACKAGE_DETECTION_ENTRY, PACKAGE_PAYLOAD_ENTRY } from './package-layout.ts';
export type { PackOptions, PackProgress, PackResult, PackPhase } from './pack.ts';
export { unpackIntunewin } from './unpack.ts';
export type { UnpackOptions, UnpackResult } from './unpack.ts';
export { openIntunewinPackage } from './read-package.ts';
export type { IntunewinPackage } from './read-package.ts';
export { verifyEncryptedContent } from './payload/verify-payload.ts';
export type {
  EncryptedSource,
  VerificationFailure,
  VerificationResult,
  VerifyOptions,
} from './payload/verify-payload.ts';
export { encryptPayloadFile, randomEncryptionKeys } from './payload/encrypt-payload.ts';
export type { EncryptedPayload, EncryptionKeys } from './payload/encrypt-payload.ts';
export {
  encryptedSizeFor,
  PROFILE_IDENTIFIER,
  FILE_DIGEST_ALGORITHM,
} from './payload/file-encryption-info.ts';
export type { FileEncryptionInfo } from './payload/file-encryption-info.ts';
export { contentFileBody, fileEncryptionInfoFromDetection } from './graph-bodies.ts';
export type { ContentFileBody, ContentFileSizes } from './graph-bodies.ts';
export { parseDetectionXml } from './detection-xml/parse.ts';
export { writeDetectionXml } from './detection-xml/write.ts';
export { DEFAULT_TOOL_VERSION, PAYLOAD_FILE_NAME } from './detection-xml/types.ts';
export type { DetectionInfo, MsiDetectionInfo, MsiExecutionContext } from './detection-xml/types.ts';
export { readMsiInfo } from './msi/read-msi-info.ts';
export type { MsiInfo } from './msi/read-msi-info.ts';
