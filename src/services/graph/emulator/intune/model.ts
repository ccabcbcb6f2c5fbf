// The emulated Intune state (Graph deviceAppManagement / deviceManagement), stored in the shapes
// Graph v1.0 returns. Uploaded bytes are not state: they live in the blob emulator's memory.

export type UploadState =
  | 'azureStorageUriRequestPending'
  | 'azureStorageUriRequestSuccess'
  | 'azureStorageUriRenewalPending'
  | 'azureStorageUriRenewalSuccess'
  | 'commitFilePending'
  | 'commitFileSuccess'
  | 'commitFileFailed';

export type MobileAppRecord = Record<string, unknown> & {
  '@odata.type': '#microsoft.graph.win32LobApp';
  id: string;
  displayName: string;
  publisher: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  committedContentVersion: string | null;
};

export interface ContentVersionRecord {
  id: string;
  appId: string;
}

export interface ContentFileRecord {
  id: string;
  appId: string;
  contentVersionId: string;
  name: string;
  size: number;
  sizeEncrypted: number;
  manifest: string | null;
  isDependency: boolean;
  isCommitted: boolean;
  createdDateTime: string;
  uploadState: UploadState;
  azureStorageUri: string | null;
  azureStorageUriExpirationDateTime: string | null;
  /** Why a commit failed (not a Graph property; shown in the sandbox log only). */
  commitFailure?: string;
}

export interface AssignmentRecord {
  id: string;
  appId: string;
  intent: string;
  source: string;
  target: Record<string, unknown>;
  settings: Record<string, unknown> | null;
}

/** A mobileAppCategory: the built-in ones are seeded, custom ones created through Graph. */
export interface MobileAppCategoryRecord {
  id: string;
  displayName: string;
  lastModifiedDateTime: string;
}

/** One app in one category (the non-contained `categories` navigation of a mobileApp). */
export interface AppCategoryLinkRecord {
  id: string;
  appId: string;
  categoryId: string;
}

export interface ManagedDeviceRecord {
  id: string;
  deviceName: string;
  serialNumber: string;
  operatingSystem: string;
  osVersion: string;
  manufacturer: string;
  model: string;
  userPrincipalName: string;
  azureADDeviceId: string;
  lastSyncDateTime: string;
  complianceState: string;
  managementAgent: string;
}

export interface IntuneState {
  mobileApps: Record<string, MobileAppRecord>;
  contentVersions: Record<string, ContentVersionRecord>;
  contentFiles: Record<string, ContentFileRecord>;
  assignments: Record<string, AssignmentRecord>;
  mobileAppCategories: Record<string, MobileAppCategoryRecord>;
  /** Keyed `${appId}_${categoryId}`. */
  appCategoryLinks: Record<string, AppCategoryLinkRecord>;
  managedDevices: Record<string, ManagedDeviceRecord>;
  /** Entra device group id -> managed device ids in it (Intune targets devices through groups). */
  groupMembers: Record<string, { deviceIds: string[]; includesSynthetic: boolean }>;
}
