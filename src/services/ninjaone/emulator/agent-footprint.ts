// What a NinjaOne agent leaves on an emulated Windows device, from public deployment and removal
// scripts (vendor-api-notes §4.4): the 32-bit agent's key under WOW6432Node on 64-bit Windows with
// its install folder in `Location`, NinjaRMMAgent.exe in an organization-specific folder under
// Program Files (x86), the NinjaRMMAgent service, and an Uninstall entry keyed by the product code
// of the version running now. Agents update themselves, so a device runs the newest build NinjaOne
// serves, not the build Intune installed; its product code changes with it.
import { agentBuild } from './installer.ts';

export interface AgentFootprint {
  version: string;
  productCode: string;
  /** Registry keys as the 64-bit registry shows them (HKEY_LOCAL_MACHINE\…). */
  registryKeys: Map<string, Record<string, string>>;
  /** Files and folders, full paths. */
  paths: Set<string>;
  services: Set<string>;
}

const HKLM = 'HKEY_LOCAL_MACHINE';

export function agentFootprint(
  seed: number,
  organization: string,
  version: string,
  payloadBytes: number,
): AgentFootprint {
  const folder = `C:\\Program Files (x86)\\${organization.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  const { productCode } = agentBuild(seed, version, payloadBytes);
  const key = `${HKLM}\\SOFTWARE\\WOW6432Node\\NinjaRMM LLC\\NinjaRMMAgent`;
  return {
    version,
    productCode,
    registryKeys: new Map<string, Record<string, string>>([
      [`${HKLM}\\SOFTWARE\\WOW6432Node\\NinjaRMM LLC`, {}],
      [key, { Location: folder }],
      [`${key}\\Server`, { DivisionUID: `division-${seed}` }],
      [
        `${HKLM}\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${productCode}`,
        { DisplayName: 'NinjaRMMAgent', DisplayVersion: version },
      ],
    ]),
    paths: new Set([folder, `${folder}\\NinjaRMMAgent.exe`, 'C:\\ProgramData\\NinjaRMMAgent']),
    services: new Set(['NinjaRMMAgent']),
  };
}
