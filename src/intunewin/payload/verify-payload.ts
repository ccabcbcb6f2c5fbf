// Verifies (and optionally decrypts) an encrypted payload against its fileEncryptionInfo in one
// streamed pass: HMAC over IV‖ciphertext, AES-256-CBC decryption, SHA-256 of the plaintext and
// the sizes. Plaintext goes only to the caller's sink, which must discard it unless `ok` is true.
import { IO_CHUNK_BYTES } from '../io-chunk.ts';
import { createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  decodeEncryptionInfo,
  encryptedSizeFor,
  HEADER_LENGTH,
  IV_LENGTH,
  MAC_LENGTH,
  type FileEncryptionInfo,
} from './file-encryption-info.ts';

/** The encrypted bytes: a Buffer, a whole file, or a byte range of a file (e.g. inside an outer zip). */
export type EncryptedSource = Buffer | string | { path: string; start: number; length: number };

export type VerificationFailure =
  | 'invalid-encryption-info' // a field is not base64 of the right length, or an identifier is wrong
  | 'too-short' // fewer bytes than a header and one block
  | 'size-mismatch' // sizeEncrypted or the plaintext size differs from what was declared
  | 'iv-mismatch' // the IV in the file is not the declared initializationVector
  | 'mac-mismatch' // the HMAC does not match: the bytes were changed or the macKey is wrong
  | 'decrypt-failed' // padding is invalid: wrong encryptionKey
  | 'digest-mismatch'; // the plaintext's SHA-256 is not fileDigest

export type VerificationResult =
  | { ok: true; size: number; sizeEncrypted: number }
  | { ok: false; reason: VerificationFailure; message: string };

export interface VerifyOptions {
  /** Graph's `size` (Detection.xml's UnencryptedContentSize), checked when given. */
  size?: number;
  /** Graph's `sizeEncrypted`, checked when given. */
  sizeEncrypted?: number;
  /** Receives the plaintext as it is decrypted (e.g. to write the inner zip to a file). */
  onPlaintext?: (chunk: Buffer) => Promise<void> | void;
}

function chunksOf(source: EncryptedSource): AsyncIterable<Buffer> | Iterable<Buffer> {
  if (Buffer.isBuffer(source)) return [source];
  if (typeof source === 'string') return createReadStream(source, { highWaterMark: IO_CHUNK_BYTES });
  if (source.length === 0) return [];
  return createReadStream(source.path, {
    start: source.start,
    end: source.start + source.length - 1,
    highWaterMark: IO_CHUNK_BYTES,
  });
}

function fail(reason: VerificationFailure, message: string): VerificationResult {
  return { ok: false, reason, message };
}

/**
 * Checks encrypted content the way Intune does on commit: MAC (constant-time), IV, decryption,
 * plaintext digest and sizes. Never throws for bad content; I/O errors reading the source do throw.
 */
export async function verifyEncryptedContent(
  source: EncryptedSource,
  info: FileEncryptionInfo,
  options: VerifyOptions = {},
): Promise<VerificationResult> {
  let keys;
  try {
    keys = decodeEncryptionInfo(info);
  } catch (error) {
    return fail('invalid-encryption-info', `fileEncryptionInfo is invalid: ${(error as Error).message}`);
  }
  const hmac = createHmac('sha256', keys.macKey);
  const decipher = createDecipheriv('aes-256-cbc', keys.encryptionKey, keys.initializationVector);
  const digest = createHash('sha256');
  let header = Buffer.alloc(0);
  let sizeEncrypted = 0;
  let size = 0;
  const takePlaintext = async (plain: Buffer): Promise<void> => {
    if (plain.length === 0) return;
    digest.update(plain);
    size += plain.length;
    await options.onPlaintext?.(plain);
  };

  let decryptError: unknown;
  for await (const chunk of chunksOf(source) as AsyncIterable<Buffer>) {
    sizeEncrypted += chunk.length;
    let body = chunk;
    if (header.length < HEADER_LENGTH) {
      const need = HEADER_LENGTH - header.length;
      header = Buffer.concat([header, chunk.subarray(0, need)]);
      body = chunk.subarray(need);
      if (header.length === HEADER_LENGTH) hmac.update(header.subarray(MAC_LENGTH));
    }
    if (body.length === 0 || decryptError !== undefined) continue;
    hmac.update(body);
    let plain: Buffer;
    try {
      plain = decipher.update(body);
    } catch (error) {
      decryptError = error;
      continue;
    }
    await takePlaintext(plain);
  }

  if (sizeEncrypted < HEADER_LENGTH + 16) {
    return fail(
      'too-short',
      `the encrypted content has ${sizeEncrypted} bytes, fewer than a header and one block`,
    );
  }
  if (options.sizeEncrypted !== undefined && options.sizeEncrypted !== sizeEncrypted) {
    return fail(
      'size-mismatch',
      `sizeEncrypted is ${options.sizeEncrypted} but the content has ${sizeEncrypted} bytes`,
    );
  }
  const fileIv = header.subarray(MAC_LENGTH, HEADER_LENGTH);
  if (!timingSafeEqual(fileIv, keys.initializationVector) || fileIv.length !== IV_LENGTH) {
    return fail('iv-mismatch', 'the IV in the content is not the declared initializationVector');
  }
  const computedMac = hmac.digest();
  const fileMac = header.subarray(0, MAC_LENGTH);
  // Both comparisons always run, so timing does not tell which one failed.
  const macMatchesFile = timingSafeEqual(computedMac, fileMac);
  const macMatchesInfo = timingSafeEqual(computedMac, keys.mac);
  if (!macMatchesFile || !macMatchesInfo) {
    return fail(
      'mac-mismatch',
      'the HMAC does not match: the content was changed or the macKey/mac is wrong',
    );
  }
  let lastPlain = Buffer.alloc(0);
  if (decryptError === undefined) {
    try {
      lastPlain = decipher.final();
    } catch (error) {
      decryptError = error;
    }
  }
  await takePlaintext(lastPlain);
  if (decryptError !== undefined) {
    return fail(
      'decrypt-failed',
      `decryption failed (wrong encryptionKey?): ${(decryptError as Error).message}`,
    );
  }
  if (!timingSafeEqual(digest.digest(), keys.fileDigest)) {
    return fail('digest-mismatch', 'the SHA-256 of the decrypted content is not fileDigest');
  }
  if (options.size !== undefined && options.size !== size) {
    return fail('size-mismatch', `size is ${options.size} but the decrypted content has ${size} bytes`);
  }
  if (sizeEncrypted !== encryptedSizeFor(size)) {
    return fail('size-mismatch', `${sizeEncrypted} encrypted bytes do not fit ${size} plaintext bytes`);
  }
  return { ok: true, size, sizeEncrypted };
}
