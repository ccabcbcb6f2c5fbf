// intune.win32-app's program settings: the per-location MSI installs without a token; a token
// (generic installer) needs the explicit opt-in (the plan then warns it is stored readable); the
// detection rule is the agent's registry key, shown in words; x86 and x64 with the ARM64 reason.
import { describe, expect, it } from 'vitest';
import {
  appBody,
  architectures,
  detectionInWords,
  installCommandShown,
  uninstallCommand,
} from '../../src/services/graph/steps/intune-win32-app/body.ts';
import { intuneWin32AppStep as step } from '../../src/services/graph/steps/intune-win32-app/index.ts';

const base = {
  displayName: 'NinjaOne Agent',
  installer: {
    path: '/tmp/agent.msi',
    fileName: 'contosoltdheadoffice-5.9.9352-windows-installer.msi',
    productCode: '{11111111-2222-3333-4444-555555555555}',
    productVersion: '5.9.9352',
    sha256: 'a'.repeat(64),
  },
};

describe('intune.win32-app program settings', () => {
  it('installs the per-location MSI with plain msiexec and detects the agent by its registry key', () => {
    const params = step.params.parse(base);
    expect(installCommandShown(params)).toBe(
      'msiexec /i "contosoltdheadoffice-5.9.9352-windows-installer.msi" /qn /norestart',
    );
    const body = appBody(params, undefined, 'notes');
    expect(body.rules).toEqual([
      {
        '@odata.type': '#microsoft.graph.win32LobAppRegistryRule',
        ruleType: 'detection',
        keyPath: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\NinjaRMM LLC\\NinjaRMMAgent',
        valueName: null,
        check32BitOn64System: true,
        operationType: 'exists',
        operator: 'notConfigured',
        comparisonValue: null,
      },
    ]);
    expect(detectionInWords(params.detection)).toBe(
      'registry key HKEY_LOCAL_MACHINE\\SOFTWARE\\NinjaRMM LLC\\NinjaRMMAgent exists (32-bit view on 64-bit Windows)',
    );
    expect(body.applicableArchitectures).toBe('x86,x64');
    expect(architectures(step.params.parse({ ...base, architectures: ['x64', 'x64'] }))).toBe('x64');
    // No product code anywhere in the commands: it changes when the agent updates itself.
    expect(body.uninstallCommandLine).toBe(uninstallCommand());
    expect(body.uninstallCommandLine).not.toContain(params.installer.productCode);
    expect(body.uninstallCommandLine).toMatch(
      /-disableUninstallPrevention NOUI.*msiexec\.exe -ArgumentList '\/x'/,
    );
    expect(step.params.safeParse({ ...base, detection: { type: 'msi' } }).success).toBe(false);
  });

  it('puts a token in the install command only with the explicit opt-in', async () => {
    const refused = step.params.safeParse({ ...base, installToken: { name: 'ninjaone-install-token' } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/readable in the Intune app/);
    const params = step.params.parse({
      ...base,
      installToken: { name: 'ninjaone-install-token' },
      tokenInInstallCommand: true,
    });
    expect(installCommandShown(params)).toBe(
      'msiexec /i "contosoltdheadoffice-5.9.9352-windows-installer.msi" /qn /norestart TOKENID="<install token from secret ninjaone-install-token>"',
    );
    expect(appBody(params, 'tok-123', 'notes').installCommandLine).toMatch(/ TOKENID="tok-123"$/);
  });
});
