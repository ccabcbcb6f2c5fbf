// Encrypts an inner zip into the ProfileVersion1 layout, streamed: the 48-byte header is written
// as placeholder bytes, the ciphertext streams after it while the HMAC and the plaintext digest
// are computed on the way, and the real MAC and IV are patched in at the end.
import { IO_CHUNK_BYTES } from '../io-chunk.ts';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
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
  const keys = options.keys ?? randomEncryptionKeys();
  const cipher = createCipheriv('aes-256-cbc', keys.encryptionKey, keys.initializationVector); // PKCS7 padding is the default
  const digest = createHash('sha256');
  const hmac = createHmac('sha256', keys.macKey).update(keys.initializationVector);
  const output = await open(outputPath, 'w');
  let size = 0;
  let position = HEADER_LENGTH;
  try {
    await output.write(Buffer.alloc(HEADER_LENGTH), 0, HEADER_LENGTH, 0);
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
          await output.write(chunk, 0, chunk.length, position);
          position += chunk.length;
        }
      },
    );
    const mac = hmac.digest();
    await output.write(Buffer.concat([mac, keys.initializationVector]), 0, HEADER_LENGTH, 0);
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
    };
  } finally {
    await output.close();
  }
}
