// The content upload of a Win32 app, end to end (microsoft-api-notes §3.1 steps 2–7): content
// version, file entry, wait for the SAS URL, block upload with renewal, commit with
// fileEncryptionInfo, wait for commitFileSuccess. Committing the version on the app (step 8) is
// left to the caller, so it decides when the new content goes live.
import type { Redactor } from '../../../redact.ts';
import type { HttpPolicy } from '../../../core/http/index.ts';
import { uploadBlocks, type ByteRange } from './intune-blob-upload.ts';
import { uploadStateError, type IntuneAppsApi } from './intune-apps.ts';
import type { ContentFile } from './intune-schema.ts';

export interface ContentUpload {
  /** The encrypted payload (IntunePackage.intunewin) as a byte range of the .intunewin file. */
  payload: ByteRange;
  fileName: string;
  /** Unencrypted inner zip size (Detection.xml UnencryptedContentSize). */
  size: number;
  sizeEncrypted: number;
  fileEncryptionInfo: Record<string, string>;
}

export interface UploadTiming {
  sleep(ms: number): Promise<void>;
  now(): Date;
  pollIntervalMs?: number;
  /** Give up waiting for an uploadState after this long. */
  waitTimeoutMs?: number;
  /** Renew the SAS this long after it was issued (Intune's tools use 7.5 minutes). */
  renewAfterMs?: number;
  chunkBytes?: number;
  onProgress?(done: number, total: number): void;
}

/**
 * uploadStates after which the wait cannot succeed (mobileAppContentFileUploadState in the v1.0
 * CSDL: success, transientError, error, unknown, then azureStorageUriRequest*, azureStorageUriRenewal*
 * and commitFile* each with Success/Pending/Failed/TimedOut). `error` and `transientError` are
 * final for this attempt too: Graph documents no recovery from them, and Microsoft's sample
 * uploader (microsoftgraph/powershell-intune-samples, WaitForFileProcessing) throws on any state
 * that is neither the awaited `<stage>Success` nor `<stage>Pending`. Waiting ten minutes on them
 * only delays the failure; a new attempt starts a fresh content version.
 */
export function uploadStateFailed(state: string): boolean {
  return state === 'error' || state === 'transientError' || /(Failed|TimedOut|Error)$/.test(state);
}

/** The content calls the upload makes (a Pick, so the state handling can be tested on its own). */
export type UploadCalls = Pick<
  IntuneAppsApi,
  'createContentVersion' | 'createContentFile' | 'getContentFile' | 'renewContentUpload' | 'commitContentFile'
>;

export function intuneUploadApi(apps: UploadCalls, policy: HttpPolicy, redactor: Redactor) {
  async function waitForState(
    appId: string,
    cv: string,
    fileId: string,
    wanted: string,
    timing: UploadTiming,
  ): Promise<ContentFile> {
    const deadline = timing.now().getTime() + (timing.waitTimeoutMs ?? 10 * 60_000);
    for (;;) {
      const file = await apps.getContentFile(appId, cv, fileId);
      if (file.uploadState === wanted) return file;
      if (uploadStateFailed(file.uploadState))
        throw uploadStateError(
          'intuneApps.waitForUploadState',
          file.uploadState,
          `of ${file.name ?? fileId} failed`,
        );
      if (timing.now().getTime() >= deadline)
        throw uploadStateError(
          'intuneApps.waitForUploadState',
          file.uploadState,
          `did not reach ${wanted} in time`,
        );
      await timing.sleep(timing.pollIntervalMs ?? 2_000);
    }
  }

  return {
    /** Waits out a commit that is still pending; returns the file as it settled (or as it is). */
    settleContentFile: async (appId: string, cv: string, file: ContentFile, timing: UploadTiming) =>
      file.uploadState === 'commitFilePending'
        ? waitForState(appId, cv, file.id, 'commitFileSuccess', timing)
        : file,

    /** Uploads and commits one content file in a new content version; returns the version id. */
    async uploadWin32Content(
      appId: string,
      content: ContentUpload,
      timing: UploadTiming,
    ): Promise<{ contentVersionId: string; fileId: string }> {
      const cv = await apps.createContentVersion(appId);
      const entry = await apps.createContentFile(appId, cv, {
        name: content.fileName,
        size: content.size,
        sizeEncrypted: content.sizeEncrypted,
      });
      let file = await waitForState(appId, cv, entry.id, 'azureStorageUriRequestSuccess', timing);
      let issuedAt = timing.now().getTime();
      const renew = async () => {
        await apps.renewContentUpload(appId, cv, entry.id);
        file = await waitForState(appId, cv, entry.id, 'azureStorageUriRenewalSuccess', timing);
        issuedAt = timing.now().getTime();
      };
      await uploadBlocks(content.payload, {
        policy,
        redactor,
        ...(timing.chunkBytes ? { chunkBytes: timing.chunkBytes } : {}),
        currentUrl: async () => {
          if (timing.now().getTime() - issuedAt >= (timing.renewAfterMs ?? 450_000)) await renew();
          if (!file.azureStorageUri)
            throw uploadStateError('intuneApps.upload', file.uploadState, 'has no storage URI');
          return file.azureStorageUri;
        },
        renew,
        onProgress: (done, total) => timing.onProgress?.(done, total),
      });
      await apps.commitContentFile(appId, cv, entry.id, content.fileEncryptionInfo);
      await waitForState(appId, cv, entry.id, 'commitFileSuccess', timing);
      return { contentVersionId: cv, fileId: entry.id };
    },
  };
}
