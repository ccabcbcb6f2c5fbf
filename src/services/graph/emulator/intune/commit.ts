// Commit of an uploaded content file, as Intune does it: the committed blob is decrypted and
// checked (MAC, IV, digest, sizes) by the emulator's own check (encrypted-content.ts); the answer shows up in
// `uploadState` on a later poll (commitFilePending, then commitFileSuccess or commitFileFailed).
import { checkEncryptedContent, type FileEncryptionInfo } from './encrypted-content.ts';
import type { SandboxContext } from '../../../../sandbox/context.ts';
import { blobOf } from './blob-store.ts';
import type { ContentFileRecord } from './model.ts';

type Outcome = { ok: true } | { ok: false; reason: string };

const pending = new WeakMap<SandboxContext, Map<string, Promise<Outcome>>>();
const finished = new WeakMap<SandboxContext, Map<string, Outcome>>();

function mapOf<V>(store: WeakMap<SandboxContext, Map<string, V>>, ctx: SandboxContext): Map<string, V> {
  let map = store.get(ctx);
  if (!map) store.set(ctx, (map = new Map<string, V>()));
  return map;
}

export function startCommit(ctx: SandboxContext, file: ContentFileRecord, info: FileEncryptionInfo): void {
  const blob = blobOf(ctx, file.id).committed;
  const verification: Promise<Outcome> =
    blob === undefined
      ? Promise.resolve({ ok: false, reason: 'no committed blob: Put Block List was never called' })
      : Promise.resolve(
          checkEncryptedContent(blob, info, { size: file.size, sizeEncrypted: file.sizeEncrypted }),
        );
  const running = verification.catch((error: unknown) => ({ ok: false as const, reason: String(error) }));
  mapOf(pending, ctx).set(file.id, running);
  void running.then((outcome) => {
    mapOf(finished, ctx).set(file.id, outcome);
    mapOf(pending, ctx).delete(file.id);
  });
}

/** Moves a pending commit to its outcome once verification finished; true when the record changed. */
export function settleCommit(ctx: SandboxContext, file: ContentFileRecord): boolean {
  if (file.uploadState !== 'commitFilePending') return false;
  const outcome = mapOf(finished, ctx).get(file.id);
  if (!outcome) {
    // A commit whose verifier is gone (the process restarted) never completes; Intune times out.
    if (!mapOf(pending, ctx).has(file.id)) {
      file.uploadState = 'commitFileFailed';
      file.commitFailure = 'commit verification was lost';
      return true;
    }
    return false;
  }
  mapOf(finished, ctx).delete(file.id);
  if (outcome.ok) {
    file.uploadState = 'commitFileSuccess';
    file.isCommitted = true;
  } else {
    file.uploadState = 'commitFileFailed';
    file.commitFailure = outcome.reason;
  }
  return true;
}
