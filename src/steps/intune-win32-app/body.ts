// The v1.0 win32LobApp body (microsoft-api-notes §3.2): install behaviour System, device restart
// "No specific action" (suppress), default return codes, and the detection rule in the v1.0
// `rules` collection (the beta `detectionRules` shape is never sent).
import type { Win32DetectionRule, Win32LobAppWrite } from '../../adapters/graph/client.ts';
import type { Detection, IntuneWin32AppParams } from './params.ts';

export const DEFAULT_RETURN_CODES: Win32LobAppWrite['returnCodes'] = [
  { returnCode: 0, type: 'success' },
  { returnCode: 1707, type: 'success' },
  { returnCode: 3010, type: 'softReboot' },
  { returnCode: 1641, type: 'hardReboot' },
  { returnCode: 1618, type: 'retry' },
];

export function installCommand(params: IntuneWin32AppParams, token: string): string {
  return `msiexec /i "${params.installer.fileName}" /qn /norestart ${params.tokenProperty}="${token}"`;
}

/** What the plan shows instead of the token. */
export function installCommandShown(params: IntuneWin32AppParams, secretName: string): string {
  return installCommand(params, `<install token from secret ${secretName}>`);
}

export function uninstallCommand(params: IntuneWin32AppParams): string {
  return `msiexec /x "${params.installer.productCode}" /qn`;
}

export function detectionRule(detection: Detection, productCode: string): Win32DetectionRule {
  switch (detection.type) {
    case 'msi':
      return {
        '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule',
        ruleType: 'detection',
        productCode,
        productVersionOperator: 'notConfigured',
        productVersion: null,
      };
    case 'file':
      return {
        '@odata.type': '#microsoft.graph.win32LobAppFileSystemRule',
        ruleType: 'detection',
        path: detection.path,
        fileOrFolderName: detection.fileOrFolderName,
        check32BitOn64System: detection.check32BitOn64System,
        operationType: 'exists',
        operator: 'notConfigured',
        comparisonValue: null,
      };
    case 'registry':
      return {
        '@odata.type': '#microsoft.graph.win32LobAppRegistryRule',
        ruleType: 'detection',
        keyPath: detection.keyPath,
        valueName: detection.valueName ?? null,
        check32BitOn64System: detection.check32BitOn64System,
        operationType: 'exists',
        operator: 'notConfigured',
        comparisonValue: null,
      };
  }
}

export function msiInformation(
  params: IntuneWin32AppParams,
): NonNullable<Win32LobAppWrite['msiInformation']> {
  return {
    packageType: 'perMachine',
    productCode: params.installer.productCode,
    productVersion: params.installer.productVersion,
    productName: params.installer.productName,
    publisher: params.installer.manufacturer,
    upgradeCode: params.installer.upgradeCode,
    requiresReboot: false,
  };
}

/** Everything but the content; `installCommandLine` carries the token, so it is built at apply. */
export function appBody(params: IntuneWin32AppParams, token: string, notes: string): Win32LobAppWrite {
  return {
    '@odata.type': '#microsoft.graph.win32LobApp',
    displayName: params.displayName,
    description: params.description,
    publisher: params.publisher,
    notes,
    fileName: params.installer.fileName.replace(/\.msi$/i, '.intunewin'),
    setupFilePath: params.installer.fileName,
    installCommandLine: installCommand(params, token),
    uninstallCommandLine: uninstallCommand(params),
    installExperience: { runAsAccount: 'system', deviceRestartBehavior: 'suppress' },
    returnCodes: DEFAULT_RETURN_CODES,
    rules: [detectionRule(params.detection, params.installer.productCode)],
    applicableArchitectures: params.architecture,
    minimumSupportedWindowsRelease: params.minimumWindowsRelease,
    msiInformation: msiInformation(params),
  };
}
