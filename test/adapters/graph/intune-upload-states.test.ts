// The upload's wait for an uploadState stops at once on a state it cannot come back from (error,
// transientError, *Failed, *TimedOut of mobileAppContentFileUploadState), instead of polling until
// its 10-minute deadline. The content calls are stubbed: the point is the state handling.
import { describe, expect, it } from 'vitest';
import {
  intuneUploadApi,
  uploadStateFailed,
  type UploadCalls,
} from '../../../src/services/graph/client/intune-upload.ts';
import { createHttpPolicy } from '../../../src/core/http/index.ts';
import { ServiceError } from '../../../src/errors.ts';
import { Redactor } from '../../../src/redact.ts';

/** Every member of mobileAppContentFileUploadState in the v1.0 CSDL. */
const FINAL = [
  'transientError',
  'error',
  'azureStorageUriRequestFailed',
  'azureStorageUriRequestTimedOut',
  'azureStorageUriRenewalFailed',
  'azureStorageUriRenewalTimedOut',
  'commitFileFailed',
  'commitFileTimedOut',
];
const NOT_FINAL = [
  'success',
  'unknown',
  'azureStorageUriRequestSuccess',
  'azureStorageUriRequestPending',
  'azureStorageUriRenewalSuccess',
  'azureStorageUriRenewalPending',
  'commitFileSuccess',
  'commitFilePending',
];

function stub(state: string, polls: { count: number }): UploadCalls {
  return {
    createContentVersion: () => Promise.resolve('1'),
    createContentFile: () => Promise.resolve({ id: 'f1', uploadState: 'azureStorageUriRequestPending' }),
    getContentFile: () => {
      polls.count++;
      return Promise.resolve({ id: 'f1', name: 'agent.intunewin', uploadState: state });
    },
    renewContentUpload: () => Promise.resolve(),
    commitContentFile: () => Promise.resolve(),
  };
}

describe('Intune upload states', () => {
  it('classifies every member of the enum', () => {
    for (const state of FINAL) expect(uploadStateFailed(state), state).toBe(true);
    for (const state of NOT_FINAL) expect(uploadStateFailed(state), state).toBe(false);
  });

  it.each(['error', 'transientError', 'azureStorageUriRequestFailed'])(
    '%s fails the upload at the first poll, without waiting',
    async (state) => {
      const polls = { count: 0 };
      let slept = 0;
      const api = intuneUploadApi(stub(state, polls), createHttpPolicy(), new Redactor());
      const attempt = api.uploadWin32Content(
        'app',
        {
          payload: { path: '/nonexistent', start: 0, length: 1 },
          fileName: 'agent.intunewin',
          size: 1,
          sizeEncrypted: 1,
          fileEncryptionInfo: {},
        },
        { sleep: () => Promise.resolve(void slept++), now: () => new Date(0) },
      );
      await expect(attempt).rejects.toBeInstanceOf(ServiceError);
      await expect(attempt).rejects.toMatchObject({ details: { vendorCode: state } });
      expect(polls.count).toBe(1);
      expect(slept).toBe(0);
    },
  );
});
