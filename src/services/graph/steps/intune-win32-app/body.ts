// The v1.0 win32LobApp body (microsoft-api-notes §3.2): install behaviour System, device restart
// "No specific action" (suppress), default return codes, and the detection rule in the v1.0
// `rules` collection (the beta `detectionRules` shape is never sent).
import type { Win32DetectionRule, Win32LobAppWrite } from '../../client/client.ts';
import { AGENT_DISPLAY_NAME, AGENT_EXE, AGENT_KEY_PS } from './agent-facts.ts';
import type { Detection, IntuneWin32AppParams } from './params.ts';

export const DEFAULT_RETURN_CODES: Win32LobAppWrite['returnCodes'] = [
  { returnCode: 0, type: 'success' },
  { returnCode: 1707, type: 'success' },
  { returnCode: 3010, type: 'softReboot' },
  { returnCode: 1641, type: 'hardReboot' },
  { returnCode: 1618, type: 'retry' },
];

/**
 * `msiexec /i "<msi>" /qn /norestart`: the per-location MSI from the API is pre-bound to its
 * organization and location and needs no property (vendor-api-notes §4.4; a public reinstall
 * script runs exactly `/i "<msi>" /qn /norestart`). The token property is added only for the
 * generic installer, when the runbook opted in (params.ts).
 */
export function installCommand(params: IntuneWin32AppParams, token: string | undefined): string {
  const base = `msiexec /i "${params.installer.fileName}" /qn /norestart`;
  return token === undefined ? base : `${base} ${params.tokenProperty}="${token}"`;
}

/** What the plan shows: the token as the name of its secret. */
export function installCommandShown(params: IntuneWin32AppParams): string {
  return installCommand(
    params,
    params.installToken ? `<install token from secret ${params.installToken.name}>` : undefined,
  );
}

const quoteList = (items: readonly string[]) => items.map((i) => `'${i}'`).join(',');

/**
 * Listed with Get-ChildItem, whose items are the product keys (named by product code). Both views
 * are named, so the command works from a 32-bit PowerShell (the Intune Management Extension is a
 * 32-bit process) as well as a 64-bit one; a 32-bit one sees the same key through both, hence
 * Sort-Object -Unique (a second msiexec /x of the same code would end in 1605, unknown product).
 */
const UNINSTALL_KEYS = [
  'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
];

/**
 * A PowerShell one-liner, because both halves change on the device: the agent's folder is
 * organization-specific (read from the `Location` value of its registry key) and its product code
 * changes when it updates itself (read from the Uninstall entries named NinjaRMMAgent, as public
 * removal scripts do). Uninstall prevention is switched off first with
 * `NinjaRMMAgent.exe -disableUninstallPrevention NOUI` (vendor-api-notes §4.4). NinjaOne documents
 * neither the switch's exit code nor whether a plain `msiexec /x` is refused while prevention is on;
 * the command therefore ignores the switch's exit code (piping to Out-Null makes PowerShell wait
 * for it) and returns msiexec's, which Intune judges by the app's return codes.
 */
export function uninstallCommand(): string {
  const script = [
    `$k=Get-Item -Path ${quoteList(AGENT_KEY_PS)} -ErrorAction SilentlyContinue|Select-Object -First 1`,
    `if($k){$d=$k.GetValue('Location');if($d){& (Join-Path $d '${AGENT_EXE}') -disableUninstallPrevention NOUI|Out-Null}}`,
    `$c=@(Get-ChildItem -Path ${quoteList(UNINSTALL_KEYS)} -ErrorAction SilentlyContinue|Where-Object{$_.GetValue('DisplayName') -like '${AGENT_DISPLAY_NAME}*'}|ForEach-Object{$_.PSChildName}|Sort-Object -Unique)`,
    `$r=0;foreach($p in $c){$r=(Start-Process msiexec.exe -ArgumentList '/x',$p,'/qn','/norestart' -Wait -PassThru).ExitCode}`,
    `exit $r`,
  ].join(';');
  return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "${script}"`;
}

/**
 * The detection rule in Graph's v1.0 shapes (win32LobAppFileSystemRule / win32LobAppRegistryRule
 * in the CSDL: check32BitOn64System, operationType, operator, comparisonValue and path +
 * fileOrFolderName or keyPath + valueName). `exists` with operator notConfigured and no comparison
 * value is the admin center's "File or folder exists" / "Key exists" (or "Value exists" with a
 * valueName).
 */
export function detectionRule(detection: Detection): Win32DetectionRule {
  switch (detection.type) {
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

/** The rule in words, for the plan. */
export function detectionInWords(detection: Detection): string {
  const bitness = detection.check32BitOn64System ? ' (32-bit view on 64-bit Windows)' : '';
  return detection.type === 'file'
    ? `file or folder ${detection.path}\\${detection.fileOrFolderName} exists${bitness}`
    : detection.valueName
      ? `registry value ${detection.valueName} exists under ${detection.keyPath}${bitness}`
      : `registry key ${detection.keyPath} exists${bitness}`;
}

/**
 * Graph's flags form ("x86,x64"). ARM64 devices are left out: the per-location WINDOWS_MSI is the
 * x86 build, and the v1.0 windowsArchitecture enum has no arm64 member to target them with.
 * NinjaOne has a separate WINDOWS_ARM64_MSI installer type (in homotechsual/NinjaOne's copy of the
 * API description, not in the 2.0.9-draft one in the reference folder) for a separate app.
 */
export function architectures(params: IntuneWin32AppParams): string {
  return [...new Set(params.architectures)].join(',');
}

export const ARCHITECTURE_NOTE =
  'ARM64 devices are not targeted: the WINDOWS_MSI installer is the x86 build and Graph v1.0 windowsArchitecture has no arm64; NinjaOne offers a separate WINDOWS_ARM64_MSI installer for them';

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

/** Everything but the content; `installCommandLine` may carry a token, so it is built at apply. */
export function appBody(
  params: IntuneWin32AppParams,
  token: string | undefined,
  notes: string,
): Win32LobAppWrite {
  return {
    '@odata.type': '#microsoft.graph.win32LobApp',
    displayName: params.displayName,
    description: params.description,
    publisher: params.publisher,
    notes,
    fileName: params.installer.fileName.replace(/\.msi$/i, '.intunewin'),
    setupFilePath: params.installer.fileName,
    installCommandLine: installCommand(params, token),
    uninstallCommandLine: uninstallCommand(),
    installExperience: { runAsAccount: 'system', deviceRestartBehavior: 'suppress' },
    returnCodes: DEFAULT_RETURN_CODES,
    rules: [detectionRule(params.detection)],
    applicableArchitectures: architectures(params),
    minimumSupportedWindowsRelease: params.minimumWindowsRelease,
    msiInformation: msiInformation(params),
  };
}
