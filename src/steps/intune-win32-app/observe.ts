// The app as Intune has it now: found by display name + publisher (names are not unique).
import { ServiceError } from '../../errors.ts';
import type { Win32LobApp } from '../../adapters/graph/client.ts';
import type { JsonValue, StepContext } from '../contract.ts';
import type { IntuneWin32AppParams } from './params.ts';

export async function findApp(
  ctx: StepContext,
  params: IntuneWin32AppParams,
): Promise<Win32LobApp | undefined> {
  const graph = await ctx.services.graph();
  const apps = (await graph.findWin32AppsByName(params.displayName)).filter(
    (a) => a.publisher === params.publisher,
  );
  if (apps.length > 1)
    throw new ServiceError(
      'graph',
      'conflict',
      `${apps.length} Win32 apps are named ${params.displayName} by ${params.publisher}`,
      { operation: 'intuneApps.findByName' },
      { hint: 'Delete or rename the duplicates in Intune (Apps > Windows), then run again.' },
    );
  return apps[0];
}

/** The before-state a plan records (never the install command: it carries the token). */
export type ObservedApp = {
  appId: string | null;
  committedContentVersion: string | null;
  productCode: string | null;
  productVersion: string | null;
  uninstallCommandLine: string | null;
  rules: JsonValue[] | null;
};

export function observedOf(app: Win32LobApp | undefined): ObservedApp {
  return {
    appId: app?.id ?? null,
    committedContentVersion: app?.committedContentVersion ?? null,
    productCode: app?.msiInformation?.productCode ?? null,
    productVersion: app?.msiInformation?.productVersion ?? null,
    uninstallCommandLine: app?.uninstallCommandLine ?? null,
    rules: (app?.rules as JsonValue[] | undefined) ?? null,
  };
}

export function isCurrent(app: Win32LobApp | undefined, params: IntuneWin32AppParams): boolean {
  return (
    app !== undefined &&
    !!app.committedContentVersion &&
    app.msiInformation?.productVersion === params.installer.productVersion &&
    app.msiInformation.productCode === params.installer.productCode
  );
}
