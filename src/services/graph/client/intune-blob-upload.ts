// Azure Blob block upload to the SAS URL Intune hands out (microsoft-api-notes §3.4): Put Block per
// chunk (fixed-width base64 block ids "0000", "0001", …), then Put Block List in order. Chunks are
// read from the file one at a time, so memory stays at one chunk whatever the payload's size.
import { open } from 'node:fs/promises';
import { ServiceError } from '../../../errors.ts';
import type { Redactor } from '../../../redact.ts';
import { sendWithPolicy, type HttpPolicy, type VendorErrorInfo } from '../../../core/http/index.ts';

export const DEFAULT_CHUNK_BYTES = 6 * 1024 * 1024;
const BLOB_API_VERSION = '2021-08-06';

export interface ByteRange {
  path: string;
  start: number;
  length: number;
}

export interface BlockUploadOptions {
  policy: HttpPolicy;
  redactor: Redactor;
  chunkBytes?: number;
  /** Called before each chunk; returns the SAS URL to use (renewed when it is about to expire). */
  currentUrl(): Promise<string>;
  /** Called when the storage refused the SAS (expired): renew, then the chunk is retried once. */
  renew(): Promise<void>;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

export function readAzureError(body: string, headers: Headers): VendorErrorInfo {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? headers.get('x-ms-error-code') ?? undefined;
  const message = /<Message>([^<\n]*)/.exec(body)?.[1];
  const requestId = headers.get('x-ms-request-id') ?? undefined;
  return { ...(code ? { code } : {}), ...(message ? { message } : {}), ...(requestId ? { requestId } : {}) };
}

export function blockId(index: number): string {
  return Buffer.from(String(index).padStart(6, '0'), 'ascii').toString('base64');
}

function withQuery(sasUrl: string, extra: Record<string, string>): string {
  const url = new URL(sasUrl);
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return url.toString();
}

function sasExpired(error: unknown): boolean {
  return error instanceof ServiceError && (error.details.status === 403 || error.kind === 'forbidden');
}

/** Uploads `range` as a block blob; renews the SAS once per chunk when the storage refuses it. */
export async function uploadBlocks(range: ByteRange, options: BlockUploadOptions): Promise<void> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const send = async (
    url: string,
    body: Uint8Array | string,
    operation: string,
    headers: Record<string, string>,
  ) => {
    // The SAS signature grants write access: never let it reach a log or an error.
    options.redactor.register(new URL(url).searchParams.get('sig'));
    await sendWithPolicy(
      { method: 'PUT', url, headers: { 'x-ms-version': BLOB_API_VERSION, ...headers }, body },
      {
        service: 'azure-blob',
        operation,
        policy: options.policy,
        redactor: options.redactor,
        readVendorError: readAzureError,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  };
  const withRenewal = async (attempt: (url: string) => Promise<void>): Promise<void> => {
    try {
      await attempt(await options.currentUrl());
    } catch (error) {
      if (!sasExpired(error)) throw error;
      await options.renew();
      await attempt(await options.currentUrl());
    }
  };

  const ids: string[] = [];
  const handle = await open(range.path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(chunkBytes, Math.max(range.length, 1)));
    for (let offset = 0, index = 0; offset < range.length; index++) {
      const length = Math.min(chunkBytes, range.length - offset);
      const { bytesRead } = await handle.read(buffer, 0, length, range.start + offset);
      if (bytesRead !== length) throw new Error(`short read of ${range.path} at ${range.start + offset}`);
      const chunk = Uint8Array.prototype.slice.call(buffer, 0, length);
      const id = blockId(index);
      await withRenewal((url) =>
        send(withQuery(url, { comp: 'block', blockid: id }), chunk, 'blob.putBlock', {
          'x-ms-blob-type': 'BlockBlob',
          'content-type': 'application/octet-stream',
        }),
      );
      ids.push(id);
      offset += length;
      options.onProgress?.(offset, range.length);
    }
  } finally {
    await handle.close();
  }
  const xml = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
  await withRenewal((url) =>
    send(withQuery(url, { comp: 'blocklist' }), xml, 'blob.putBlockList', {
      'content-type': 'application/xml',
    }),
  );
}
