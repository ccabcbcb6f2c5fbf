// The `fileEncryptionInfo` of ProfileVersion1, as Graph's commit body and Detection.xml carry it
// (microsoft-api-notes.md §3.1, §3.7): five base64 byte strings and two fixed identifiers.

export const PROFILE_IDENTIFIER = 'ProfileVersion1';
export const FILE_DIGEST_ALGORITHM = 'SHA256';

/** Bytes 0..31 of the encrypted file hold the MAC, bytes 32..47 the IV, the ciphertext follows. */
export const MAC_LENGTH = 32;
export const IV_LENGTH = 16;
export const HEADER_LENGTH = MAC_LENGTH + IV_LENGTH;
export const KEY_LENGTH = 32;
const AES_BLOCK = 16;

export interface FileEncryptionInfo {
  encryptionKey: string;
  macKey: string;
  initializationVector: string;
  mac: string;
  profileIdentifier: string;
  fileDigest: string;
  fileDigestAlgorithm: string;
}

export interface DecodedEncryptionInfo {
  encryptionKey: Buffer;
  macKey: Buffer;
  initializationVector: Buffer;
  mac: Buffer;
  fileDigest: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeField(info: FileEncryptionInfo, field: keyof DecodedEncryptionInfo, length: number): Buffer {
  const text = info[field];
  const bytes = typeof text === 'string' && BASE64.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (bytes.length !== length) {
    throw new RangeError(`${field} must be ${length} bytes in base64`);
  }
  return bytes;
}

/** Decodes and checks the five byte fields and the two identifiers; throws RangeError naming the field. */
export function decodeEncryptionInfo(info: FileEncryptionInfo): DecodedEncryptionInfo {
  if (info.profileIdentifier !== PROFILE_IDENTIFIER) {
    throw new RangeError(`profileIdentifier must be ${PROFILE_IDENTIFIER}`);
  }
  if (info.fileDigestAlgorithm !== FILE_DIGEST_ALGORITHM) {
    throw new RangeError(`fileDigestAlgorithm must be ${FILE_DIGEST_ALGORITHM}`);
  }
  return {
    encryptionKey: decodeField(info, 'encryptionKey', KEY_LENGTH),
    macKey: decodeField(info, 'macKey', KEY_LENGTH),
    initializationVector: decodeField(info, 'initializationVector', IV_LENGTH),
    mac: decodeField(info, 'mac', MAC_LENGTH),
    fileDigest: decodeField(info, 'fileDigest', 32),
  };
}

/** The encrypted file's length for a plaintext of `size` bytes: header + PKCS7-padded blocks. */
export function encryptedSizeFor(size: number): number {
  return HEADER_LENGTH + AES_BLOCK * (Math.floor(size / AES_BLOCK) + 1);
}
