// intune.win32-app: the NinjaOne agent as an Intune Win32 app (SOP "Add the Win32 App to
// Microsoft Intune"): packaged, uploaded, committed, put in its category; idempotent by name +
// publisher + version (+ category).
import { defineStep } from '../../../../steps/contract.ts';
import { applyWin32App } from './apply.ts';
import { verifyCategory } from './verify-category.ts';
import { IntuneWin32AppParams } from './params.ts';
import { planWin32App } from './plan.ts';
import { undoWin32App } from './undo.ts';
import { show } from '../../../../steps/show.ts';

export const intuneWin32AppStep = defineStep<IntuneWin32AppParams>({
  type: 'intune.win32-app',
  description:
    'Create or update an Intune Win32 app from an MSI: package as .intunewin, upload, commit, detection rule and commands',
  params: IntuneWin32AppParams,
  outputs: ['appId', 'contentVersion', 'productCode', 'productVersion', 'categoryId'],
  mutating: true,
  requires: { graph: ['DeviceManagementApps.ReadWrite.All'] },
  plan: planWin32App,
  apply: applyWin32App,
  async verify(ctx, params, outputs) {
    const app = await (await ctx.services.graph()).getWin32App(show(outputs.appId));
    const committed = app?.committedContentVersion === outputs.contentVersion;
    const version = app?.msiInformation?.productVersion === params.installer.productVersion;
    const detection = (app?.rules ?? []).some((r) => r.ruleType === 'detection');
    const category = await verifyCategory(ctx, params, app?.id);
    return {
      ok: committed && version && detection && category.ok,
      checks: [
        `app ${params.displayName} ${app ? 'exists' : 'is missing'} in Intune`,
        `committed content version ${String(app?.committedContentVersion ?? 'none')} (expected ${show(outputs.contentVersion)})`,
        `agent version ${String(app?.msiInformation?.productVersion ?? 'unknown')} (expected ${params.installer.productVersion})`,
        `detection rule ${detection ? 'present' : 'missing'}`,
        ...category.checks,
      ],
    };
  },
  undo: undoWin32App,
});
