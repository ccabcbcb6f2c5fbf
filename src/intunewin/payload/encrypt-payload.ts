// Encrypts an inner zip into the ProfileVersion1 layout, streamed: the 48-byte header is written
// as placeholder bytes, the ciphertext streams after it while the HMAC and the plaintext digest
// are computed on the way, and the real MAC and IV are patched in at the end.
import { IO_CHUNK_BYTES } from '../io-chunk.ts';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { crc32Combine } from '../zip/crc32-combine.ts';
import {
  FILE_DIGEST_ALGORITHM,
  HEADER_LENGTH,
  IV_LENGTH,
  KEY_LENGTH,
  PROFILE_IDENTIFIER,
  type FileEncryptionInfo,
} from './file-encryption-info.ts';

export interface EncryptedPayload {
  fileEncryptionInfo: FileEncryptionInfo;
  /** Bytes of the plaintext inner zip: Detection.xml's UnencryptedContentSize and Graph's `size`. */
  size: number;
  /** Bytes of the encrypted file: Graph's `sizeEncrypted`. */
  sizeEncrypted: number;
}

export interface EncryptionKeys {
  encryptionKey: Buffer;
  macKey: Buffer;
  initializationVector: Buffer;
}

export function randomEncryptionKeys(): EncryptionKeys {
  return {
    encryptionKey: randomBytes(KEY_LENGTH),
    macKey: randomBytes(KEY_LENGTH),
    initializationVector: randomBytes(IV_LENGTH),
  };
}

/**
 * Encrypts `plaintextPath` into `outputPath`. Keys are random unless given (tests pass the keys
 * of a real sample to compare byte for byte).
 */
export async function encryptPayloadFile(
  plaintextPath: string,
  outputPath: string,
  options: { keys?: EncryptionKeys; onBytes?: (bytes: number) => void } = {},
): Promise<EncryptedPayload> {
  const output = await open(outputPath, 'w');
  try {
    const { crc32: _crc32, ...payload } = await encryptPayloadInto(plaintextPath, output, 0, options);
    return payload;
  } finally {
    await output.close();
  }
}

/**
 * Encrypts `plaintextPath` into an open file at `offset` (the packager writes the payload straight
 * into the outer zip's entry) and also returns the CRC-32 of the payload's bytes as they end up,
 * header included, for that entry's zip headers.
 */
export async function encryptPayloadInto(
  plaintextPath: string,
  output: FileHandle,
  offset: number,
  options: { keys?: EncryptionKeys; onBytes?: (bytes: number) => void } = {},
): Promise<EncryptedPayload & { crc32: number }> {
  const keys = options.keys ?? randomEncryptionKeys();
  const cipher = createCipheriv('aes-256-cbc', keys.encryptionKey, keys.initializationVector); // PKCS7 padding is the default
  const digest = createHash('sha256');
  const hmac = createHmac('sha256', keys.macKey).update(keys.initializationVector);
  // The header is MAC then IV; the MAC is known last, so the CRC runs over IV + ciphertext and
  // the MAC's CRC is put in front at the end (crc32Combine).
  let crcAfterMac = crc32(keys.initializationVector);
  let size = 0;
  let position = HEADER_LENGTH;
  await output.write(Buffer.alloc(HEADER_LENGTH), 0, HEADER_LENGTH, offset);
  await pipeline(
    createReadStream(plaintextPath, { highWaterMark: IO_CHUNK_BYTES }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        digest.update(chunk);
        size += chunk.length;
        options.onBytes?.(chunk.length);
        yield chunk;
      }
    },
    cipher,
    async (ciphertext: AsyncIterable<Buffer>) => {
      for await (const chunk of ciphertext) {
        hmac.update(chunk);
        crcAfterMac = crc32(chunk, crcAfterMac);
        await writeAll(output, chunk, offset + position);
        position += chunk.length;
      }
    },
  );
  const mac = hmac.digest();
  await writeAll(output, Buffer.concat([mac, keys.initializationVector]), offset);
  return {
    fileEncryptionInfo: {
      encryptionKey: keys.encryptionKey.toString('base64'),
      macKey: keys.macKey.toString('base64'),
      initializationVector: keys.initializationVector.toString('base64'),
      mac: mac.toString('base64'),
      profileIdentifier: PROFILE_IDENTIFIER,
      fileDigest: digest.digest('base64'),
      fileDigestAlgorithm: FILE_DIGEST_ALGORITHM,
    },
    size,
    sizeEncrypted: position,
    crc32: crc32Combine(crc32(mac), crcAfterMac, position - mac.length),
  };
}

async function writeAll(file: FileHandle, data: Buffer, at: number): Promise<void> {
  for (let written = 0; written < data.length;) {
    const { bytesWritten } = await file.write(data, written, data.length - written, at + written);
    written += bytesWritten;
  }
}
