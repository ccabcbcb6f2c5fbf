// What the NinjaOne Windows agent leaves on a device, as public deployment scripts check it
// (vendor-api-notes §4.4; NinjaOne itself documents none of it). The agent MSI is 32-bit, so on
// 64-bit Windows its key lives under WOW6432Node; a rule with check32BitOn64System reads it there.

/** The agent's key: present while the agent is installed, whatever version it updated itself to. */
export const AGENT_REGISTRY_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\NinjaRMM LLC\\NinjaRMMAgent';
/** PowerShell paths of that key on 64-bit and on 32-bit Windows; its `Location` is the install folder. */
export const AGENT_KEY_PS = [
  'HKLM:\\SOFTWARE\\WOW6432Node\\NinjaRMM LLC\\NinjaRMMAgent',
  'HKLM:\\SOFTWARE\\NinjaRMM LLC\\NinjaRMMAgent',
] as const;
export const AGENT_EXE = 'NinjaRMMAgent.exe';
/** Uninstall entries of the agent (DisplayName), whose key names are the current product code. */
export const AGENT_DISPLAY_NAME = 'NinjaRMMAgent';
