// Detection.xml (IntunePackage metadata) as IntuneWinAppUtil writes it; microsoft-api-notes.md §3.7.
import type { FileEncryptionInfo } from '../payload/file-encryption-info.ts';

/** The fixed name of the encrypted payload inside every package. */
export const PAYLOAD_FILE_NAME = 'IntunePackage.intunewin';
/** The tool version we write; the current IntuneWinAppUtil line (the samples carry 1.8.3.0 and 1.8.4.0). */
export const DEFAULT_TOOL_VERSION = '1.8.6.0';

export type MsiExecutionContext = 'System' | 'User' | 'Any';

/** The `<MsiInfo>` block the tool adds for an .msi setup file (element order: MSI_ELEMENTS). */
export interface MsiDetectionInfo {
  productCode: string;
  productVersion: string;
  packageCode: string;
  publisher: string;
  upgradeCode: string;
  executionContext: MsiExecutionContext;
  requiresLogon: boolean;
  requiresReboot: boolean;
  isMachineInstall: boolean;
  isUserInstall: boolean;
  includesServices: boolean;
  includesOdbcDataSource: boolean;
  containsSystemRegistryKeys: boolean;
  containsSystemFolders: boolean;
}

export interface DetectionInfo {
  toolVersion: string;
  /** The setup file's name (no folder). */
  name: string;
  description?: string;
  unencryptedContentSize: number;
  fileName: string;
  /** The setup file's path relative to the source folder. */
  setupFile: string;
  encryptionInfo: FileEncryptionInfo;
  msiInfo?: MsiDetectionInfo;
}

/**
 * XML element names of MsiInfo, in the order IntuneWinAppUtil writes them: MsiPublisher comes
 * last, after MsiContainsSystemFolders. A Detection.xml written by IntuneWinAppUtil 1.8.4.0 for
 * azure-cli-2.51.0.msi, quoted in svrooij/WingetIntune
 * tests/WingetIntune.Tests/Intune/IntuneMetadataTests.cs, has this order; so do the MSI templates
 * of CodyRWhite/IntuneWin32AppPackage Private/Get-Manifest.ps1. The four samples in the reference
 * folder package install.ps1 and carry no MsiInfo.
 */
export const MSI_ELEMENTS: ReadonlyArray<readonly [string, keyof MsiDetectionInfo]> = [
  ['MsiProductCode', 'productCode'],
  ['MsiProductVersion', 'productVersion'],
  ['MsiPackageCode', 'packageCode'],
  ['MsiUpgradeCode', 'upgradeCode'],
  ['MsiExecutionContext', 'executionContext'],
  ['MsiRequiresLogon', 'requiresLogon'],
  ['MsiRequiresReboot', 'requiresReboot'],
  ['MsiIsMachineInstall', 'isMachineInstall'],
  ['MsiIsUserInstall', 'isUserInstall'],
  ['MsiIncludesServices', 'includesServices'],
  ['MsiIncludesODBCDataSource', 'includesOdbcDataSource'],
  ['MsiContainsSystemRegistryKeys', 'containsSystemRegistryKeys'],
  ['MsiContainsSystemFolders', 'containsSystemFolders'],
  ['MsiPublisher', 'publisher'],
];

/** XML element names of EncryptionInfo, in the order the tool writes them. */
export const ENCRYPTION_ELEMENTS: ReadonlyArray<readonly [string, keyof FileEncryptionInfo]> = [
  ['EncryptionKey', 'encryptionKey'],
  ['MacKey', 'macKey'],
  ['InitializationVector', 'initializationVector'],
  ['Mac', 'mac'],
  ['ProfileIdentifier', 'profileIdentifier'],
  ['FileDigest', 'fileDigest'],
  ['FileDigestAlgorithm', 'fileDigestAlgorithm'],
];
