// Intune's check of a committed content file, written for the emulator from the format as
// documented (microsoft-api-notes §3.7: Graph's fileEncryptionInfo doc, Microsoft's
// Application_LOB_Add.ps1 sample) and kept apart from the tool's packager, so that a packaging bug
// cannot pass because the same code checks it. Layout (ProfileVersion1):
//   [32 bytes HMAC-SHA256(macKey, IV || ciphertext)][16 bytes IV][AES-256-CBC ciphertext, PKCS7]
// fileDigest is SHA-256 of the plaintext; key, macKey and mac are 32 bytes, IV 16.
import { createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The commit action's fileEncryptionInfo parameter (Graph v1.0 microsoft.graph.fileEncryptionInfo). */
export interface FileEncryptionInfo {
  encryptionKey: string;
  macKey: string;
  initializationVector: string;
  mac: string;
  profileIdentifier: string;
  fileDigest: string;
  fileDigestAlgorithm: string;
}

export type ContentCheck = { ok: true } | { ok: false; reason: string };

function decoded(value: unknown, bytes: number): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  const buffer = Buffer.from(value, 'base64');
  return buffer.length === bytes ? buffer : undefined;
}

/** Checks the uploaded bytes against the commit's fileEncryptionInfo and the file's declared sizes. */
export function checkEncryptedContent(
  blob: Buffer,
  info: FileEncryptionInfo,
  declared: { size: number; sizeEncrypted: number },
): ContentCheck {
  const key = decoded(info.encryptionKey, 32);
  const macKey = decoded(info.macKey, 32);
  const iv = decoded(info.initializationVector, 16);
  const mac = decoded(info.mac, 32);
  const digest = decoded(info.fileDigest, 32);
  if (!key || !macKey || !iv || !mac || !digest)
    return {
      ok: false,
      reason: 'fileEncryptionInfo: a key, IV, MAC or digest is not base64 of the right length',
    };
  if (info.profileIdentifier !== 'ProfileVersion1' || info.fileDigestAlgorithm !== 'SHA256')
    return {
      ok: false,
      reason: 'fileEncryptionInfo: profileIdentifier or fileDigestAlgorithm is not supported',
    };
  if (blob.length !== declared.sizeEncrypted)
    return {
      ok: false,
      reason: `sizeEncrypted ${declared.sizeEncrypted} but ${blob.length} bytes were uploaded`,
    };
  if (blob.length < 48 + 16 || (blob.length - 48) % 16 !== 0)
    return { ok: false, reason: 'the upload is not a MAC, an IV and whole AES blocks' };
  const body = blob.subarray(32);
  if (!timingSafeEqual(createHmac('sha256', macKey).update(body).digest(), blob.subarray(0, 32)))
    return { ok: false, reason: 'the HMAC of IV and ciphertext does not match the file' };
  if (!timingSafeEqual(mac, blob.subarray(0, 32)))
    return { ok: false, reason: 'the file MAC is not fileEncryptionInfo.mac' };
  if (!blob.subarray(32, 48).equals(iv))
    return { ok: false, reason: 'the file IV is not fileEncryptionInfo.initializationVector' };
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    plaintext = Buffer.concat([decipher.update(blob.subarray(48)), decipher.final()]);
  } catch {
    return { ok: false, reason: 'decryption failed (bad padding): the encryptionKey does not fit' };
  }
  if (plaintext.length !== declared.size)
    return { ok: false, reason: `size ${declared.size} but the plaintext is ${plaintext.length} bytes` };
  if (!createHash('sha256').update(plaintext).digest().equals(digest))
    return { ok: false, reason: 'the SHA-256 of the plaintext is not fileDigest' };
  return { ok: true };
}
