// Uploaded blocks and committed blobs, in memory per sandbox instance (bytes never enter the
// JSON state): keyed by the content file id the SAS URL names.
import { createHmac } from 'node:crypto';
import type { SandboxContext } from '../../../../sandbox/context.ts';

export interface StoredBlob {
  blocks: Map<string, Buffer>;
  committed: Buffer | undefined;
}

const stores = new WeakMap<SandboxContext, Map<string, StoredBlob>>();

export function blobOf(ctx: SandboxContext, fileId: string): StoredBlob {
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = new Map<string, StoredBlob>()));
  let blob = store.get(fileId);
  if (!blob) store.set(fileId, (blob = { blocks: new Map(), committed: undefined }));
  return blob;
}

export function dropBlob(ctx: SandboxContext, fileId: string): void {
  stores.get(ctx)?.delete(fileId);
}

export const BLOB_CONTAINER = 'intunecontent';
/** How long a SAS URL stays valid; Intune's are short, which is why clients renew. */
export const SAS_LIFETIME_MS = 15 * 60 * 1000;

export function sasSignature(ctx: SandboxContext, fileId: string, expiry: string): string {
  return createHmac('sha256', `sas:${ctx.store.state.seed}`).update(`${fileId}\n${expiry}`).digest('base64');
}

/** A fresh SAS URL for a file's blob, valid for SAS_LIFETIME_MS; its signature is a secret. */
export function issueSasUrl(ctx: SandboxContext, fileId: string): { uri: string; expiresAt: string } {
  const expiresAt = new Date(ctx.now() + SAS_LIFETIME_MS).toISOString();
  const sig = sasSignature(ctx, fileId, expiresAt);
  ctx.secrets.register(sig);
  const query = new URLSearchParams({ sv: '2021-08-06', se: expiresAt, sr: 'b', sp: 'cw', sig });
  return { uri: `${ctx.baseUrl()}/blob/${BLOB_CONTAINER}/${fileId}.bin?${query.toString()}`, expiresAt };
}
