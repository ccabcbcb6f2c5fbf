// Intune Win32 apps over Graph v1.0 (microsoft-api-notes §3): find by name, create (v1.0 body with
// `rules`, never the beta `detectionRules`), update, delete, content versions and files, SAS
// renewal, commit, and assignments added one at a time (POST /assignments, not the replacing /assign).
import { z } from 'zod';
import { ServiceError } from '../../../errors.ts';
import { odataString, type GraphHttp } from './http.ts';
import { orUndefinedWhenMissing } from './applications.ts';
import { ContentFile, ContentVersion, MobileAppAssignment, Win32LobApp } from './intune-schema.ts';

const APPS = '/deviceAppManagement/mobileApps';
const appPath = (appId: string) => `${APPS}/${encodeURIComponent(appId)}`;
const versionsPath = (appId: string) => `${appPath(appId)}/microsoft.graph.win32LobApp/contentVersions`;
const filePath = (appId: string, cv: string, fileId: string) =>
  `${versionsPath(appId)}/${encodeURIComponent(cv)}/files/${encodeURIComponent(fileId)}`;

/** A v1.0 `win32LobAppRule` (detection): product code, file system or registry. */
export type Win32DetectionRule =
  | {
      '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule';
      ruleType: 'detection';
      productCode: string;
      productVersionOperator: 'notConfigured' | 'equal' | 'greaterThanOrEqual';
      productVersion: string | null;
    }
  | {
      '@odata.type': '#microsoft.graph.win32LobAppFileSystemRule';
      ruleType: 'detection';
      path: string;
      fileOrFolderName: string;
      check32BitOn64System: boolean;
      operationType: 'exists';
      operator: 'notConfigured';
      comparisonValue: null;
    }
  | {
      '@odata.type': '#microsoft.graph.win32LobAppRegistryRule';
      ruleType: 'detection';
      keyPath: string;
      valueName: string | null;
      check32BitOn64System: boolean;
      operationType: 'exists';
      operator: 'notConfigured';
      comparisonValue: null;
    };

/** The v1.0 win32LobApp body the tool writes (create and update). */
export interface Win32LobAppWrite {
  '@odata.type': '#microsoft.graph.win32LobApp';
  displayName: string;
  description: string;
  publisher: string;
  notes?: string;
  fileName: string;
  setupFilePath: string;
  installCommandLine: string;
  uninstallCommandLine: string;
  installExperience: {
    runAsAccount: 'system' | 'user';
    deviceRestartBehavior: 'basedOnReturnCode' | 'allow' | 'suppress' | 'force';
  };
  returnCodes: { returnCode: number; type: 'success' | 'softReboot' | 'hardReboot' | 'retry' | 'failed' }[];
  rules: Win32DetectionRule[];
  /** windowsArchitecture is a flags enum: one member or several, comma-separated ("x86,x64"). */
  applicableArchitectures: string;
  minimumSupportedWindowsRelease: string;
  msiInformation?: {
    packageType: 'perMachine' | 'perUser' | 'dualPurpose';
    productCode: string;
    productVersion: string;
    productName: string;
    publisher: string;
    upgradeCode: string;
    requiresReboot: boolean;
  } | null;
}

export interface ContentFileWrite {
  name: string;
  size: number;
  sizeEncrypted: number;
}

export function intuneAppsApi(http: GraphHttp) {
  const getFile = (appId: string, cv: string, fileId: string) =>
    http.json(
      { operation: 'intuneApps.getContentFile', method: 'GET', path: filePath(appId, cv, fileId) },
      ContentFile,
    );

  return {
    /** All win32LobApps with this display name (names are not unique in Intune). */
    findWin32AppsByName: async (displayName: string) => {
      const page = await http.json(
        {
          operation: 'intuneApps.findByName',
          method: 'GET',
          path: APPS,
          query: {
            $filter: `isof('microsoft.graph.win32LobApp') and displayName eq ${odataString(displayName)}`,
          },
        },
        z.object({ value: z.array(z.unknown()) }),
      );
      return page.value
        .map((item) => Win32LobApp.safeParse(item))
        .filter((r) => r.success)
        .map((r) => r.data);
    },

    getWin32App: (appId: string) =>
      orUndefinedWhenMissing(
        http.json({ operation: 'intuneApps.get', method: 'GET', path: appPath(appId) }, Win32LobApp),
      ),

    createWin32App: (body: Win32LobAppWrite) =>
      http.json({ operation: 'intuneApps.create', method: 'POST', path: APPS, body }, Win32LobApp),

    updateWin32App: async (
      appId: string,
      patch: Partial<Win32LobAppWrite> & { committedContentVersion?: string },
    ) => {
      await http.send({
        operation: 'intuneApps.update',
        method: 'PATCH',
        path: appPath(appId),
        body: { '@odata.type': '#microsoft.graph.win32LobApp', ...patch },
        idempotent: true,
      });
    },

    deleteWin32App: async (appId: string) => {
      await http.send({ operation: 'intuneApps.delete', method: 'DELETE', path: appPath(appId) });
    },

    createContentVersion: async (appId: string) =>
      (
        await http.json(
          {
            operation: 'intuneApps.createContentVersion',
            method: 'POST',
            path: versionsPath(appId),
            body: {},
          },
          ContentVersion,
        )
      ).id,

    /** The app's content versions (ids), committed or not. */
    listContentVersions: async (appId: string) =>
      (
        await http.json(
          { operation: 'intuneApps.listContentVersions', method: 'GET', path: versionsPath(appId) },
          z.object({ value: z.array(ContentVersion) }),
        )
      ).value.map((cv) => cv.id),

    /** The file entries of one content version, with their uploadState. */
    listContentFiles: async (appId: string, cv: string) =>
      (
        await http.json(
          {
            operation: 'intuneApps.listContentFiles',
            method: 'GET',
            path: `${versionsPath(appId)}/${encodeURIComponent(cv)}/files`,
          },
          z.object({ value: z.array(ContentFile) }),
        )
      ).value,

    /** Deletes a content version (and its files); used for versions an interrupted upload left. */
    deleteContentVersion: async (appId: string, cv: string) => {
      await http.send({
        operation: 'intuneApps.deleteContentVersion',
        method: 'DELETE',
        path: `${versionsPath(appId)}/${encodeURIComponent(cv)}`,
      });
    },

    createContentFile: (appId: string, cv: string, file: ContentFileWrite) =>
      http.json(
        {
          operation: 'intuneApps.createContentFile',
          method: 'POST',
          path: `${versionsPath(appId)}/${encodeURIComponent(cv)}/files`,
          body: {
            '@odata.type': '#microsoft.graph.mobileAppContentFile',
            name: file.name,
            size: file.size,
            sizeEncrypted: file.sizeEncrypted,
            manifest: null,
            isDependency: false,
          },
        },
        ContentFile,
      ),

    getContentFile: getFile,

    renewContentUpload: async (appId: string, cv: string, fileId: string) => {
      await http.send({
        operation: 'intuneApps.renewUpload',
        method: 'POST',
        path: `${filePath(appId, cv, fileId)}/renewUpload`,
        body: {},
      });
    },

    commitContentFile: async (
      appId: string,
      cv: string,
      fileId: string,
      fileEncryptionInfo: Record<string, string>,
    ) => {
      await http.send({
        operation: 'intuneApps.commitContentFile',
        method: 'POST',
        path: `${filePath(appId, cv, fileId)}/commit`,
        body: { fileEncryptionInfo },
      });
    },

    listAppAssignments: async (appId: string) =>
      (
        await http.json(
          { operation: 'intuneApps.listAssignments', method: 'GET', path: `${appPath(appId)}/assignments` },
          z.object({ value: z.array(MobileAppAssignment) }),
        )
      ).value,

    /** Adds one Required (or other intent) assignment to a group, or to All Devices ('allDevices'), without touching the others. */
    addGroupAssignment: (appId: string, groupId: string, intent: 'required' | 'available' | 'uninstall') =>
      http.json(
        {
          operation: 'intuneApps.addAssignment',
          method: 'POST',
          path: `${appPath(appId)}/assignments`,
          body: {
            '@odata.type': '#microsoft.graph.mobileAppAssignment',
            intent,
            target:
              groupId === 'allDevices'
                ? { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' }
                : { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId },
            settings: {
              '@odata.type': '#microsoft.graph.win32LobAppAssignmentSettings',
              notifications: 'showAll',
              deliveryOptimizationPriority: 'notConfigured',
            },
          },
        },
        MobileAppAssignment,
      ),

    deleteAppAssignment: async (appId: string, assignmentId: string) => {
      await http.send({
        operation: 'intuneApps.deleteAssignment',
        method: 'DELETE',
        path: `${appPath(appId)}/assignments/${encodeURIComponent(assignmentId)}`,
      });
    },
  };
}

export type IntuneAppsApi = ReturnType<typeof intuneAppsApi>;

export function uploadStateError(operation: string, state: string, detail: string): ServiceError {
  return new ServiceError(
    'graph',
    state.endsWith('TimedOut') ? 'timeout' : 'bad-request',
    `Intune content upload ${detail}: uploadState ${state}`,
    { operation, vendorCode: state },
    { hint: 'Run the step again: it starts a new content version and uploads the package again.' },
  );
}
