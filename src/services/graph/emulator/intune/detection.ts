// How the Intune Management Extension evaluates a win32LobApp's detection rules on a device
// (Learn "Add, assign, and monitor a Win32 app": every detection rule must match), for the rule
// types the v1.0 CSDL defines: a product code rule matches an installed product code (and version);
// a file system or registry rule checks existence, with check32BitOn64System reading the 32-bit
// view (Program Files (x86), WOW6432Node) on 64-bit Windows. The emulated devices are 64-bit.
import type { AgentFootprint } from '../../../ninjaone/emulator/agent-footprint.ts';

type Rule = Record<string, unknown>;

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The 64-bit registry path a rule's key resolves to. */
function registryView(keyPath: string, wow64: boolean): string {
  const path = keyPath.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\');
  return wow64
    ? path.replace(/^(HKEY_LOCAL_MACHINE\\SOFTWARE)\\(?!WOW6432Node\\)/i, '$1\\WOW6432Node\\')
    : path;
}

function fileView(path: string, wow64: boolean): string {
  const expanded = path.replace(/%ProgramFiles%/i, wow64 ? 'C:\\Program Files (x86)' : 'C:\\Program Files');
  return expanded.replace(/\\+$/, '');
}

function ruleMatches(rule: Rule, agent: AgentFootprint | undefined): boolean {
  const exists = text(rule.operationType) === 'exists';
  const wow64 = rule.check32BitOn64System === true;
  switch (rule['@odata.type']) {
    case '#microsoft.graph.win32LobAppProductCodeRule':
      return agent !== undefined && text(rule.productCode).toUpperCase() === agent.productCode.toUpperCase();
    case '#microsoft.graph.win32LobAppRegistryRule': {
      if (!agent || !exists) return false;
      const key = registryView(text(rule.keyPath), wow64);
      const found = [...agent.registryKeys].find(([k]) => k.toLowerCase() === key.toLowerCase());
      const valueName = text(rule.valueName);
      return found !== undefined && (valueName === '' || valueName in found[1]);
    }
    case '#microsoft.graph.win32LobAppFileSystemRule': {
      if (!agent || !exists) return false;
      const full = `${fileView(text(rule.path), wow64)}\\${text(rule.fileOrFolderName)}`.toLowerCase();
      return [...agent.paths].some((p) => p.toLowerCase() === full);
    }
    default:
      return false;
  }
}

/** True when every detection rule of the app matches what is on the device. */
export function detected(rules: unknown, agent: AgentFootprint | undefined): boolean {
  const detection = (Array.isArray(rules) ? (rules as Rule[]) : []).filter((r) => r.ruleType === 'detection');
  return detection.length > 0 && detection.every((r) => ruleMatches(r, agent));
}
