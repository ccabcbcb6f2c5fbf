// The app as Intune has it now: found by display name + publisher (names are not unique).
import { z } from 'zod';
import { ServiceError } from '../../../../errors.ts';
import type { Win32LobApp } from '../../client/client.ts';
import type { JsonValue, StepContext } from '../../../../steps/contract.ts';
import { ObservedCategory, observeCategory } from './category.ts';
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

/** Where the install command carries the token; the plan keeps it masked. */
export const TOKEN_PLACEHOLDER = '<install token>';

/** The install command with the value of the token property masked, so it can be journaled. */
export function maskedInstallCommand(command: string, tokenProperty: string): string {
  return command.replace(new RegExp(`(${tokenProperty}=)("[^"]*"|\\S*)`, 'g'), `$1"${TOKEN_PLACEHOLDER}"`);
}

/** The plain command this step writes for a per-location MSI: it holds no secret. */
const PLAIN_INSTALL = /^msiexec \/i "[\w.-]+\.msi" \/qn \/norestart$/;

/**
 * Kept when the token sits where this step puts it (masked), or when it is the plain command with
 * no token; any other command is not journaled, since it could hold a secret in another form.
 */
function maskedOrNull(command: string | null | undefined, tokenProperty: string): string | null {
  if (!command) return null;
  if (PLAIN_INSTALL.test(command)) return command;
  const masked = maskedInstallCommand(command, tokenProperty);
  return masked.includes(TOKEN_PLACEHOLDER) ? masked : null;
}

/** App properties apply overwrites that undo puts back as they were (no secret among them). */
const RESTORED = [
  'description',
  'notes',
  'fileName',
  'setupFilePath',
  'uninstallCommandLine',
  'installExperience',
  'returnCodes',
  'rules',
  'applicableArchitectures',
  'minimumSupportedWindowsRelease',
  'msiInformation',
] as const;

/** The before-state a plan records (never the install command as is: it carries the token). */
export const ObservedApp = z.object({
  appId: z.string().nullable(),
  committedContentVersion: z.string().nullable(),
  productCode: z.string().nullable(),
  productVersion: z.string().nullable(),
  uninstallCommandLine: z.string().nullable(),
  rules: z.array(z.unknown()).nullable(),
  /** Content versions the app had: any other one was created by this run. */
  contentVersionIds: z.array(z.string()).default([]),
  /** The properties in RESTORED as they were. */
  properties: z.record(z.string(), z.unknown()).default({}),
  /** The install command with the token masked (maskedInstallCommand). */
  installCommand: z.string().nullable().default(null),
  /** The category as it was (null: none asked for; absent: planned before categories existed). */
  category: ObservedCategory.nullable().optional(),
});
export type ObservedApp = z.infer<typeof ObservedApp>;

export async function observedOf(
  ctx: StepContext,
  params: IntuneWin32AppParams,
  app: Win32LobApp | undefined,
): Promise<ObservedApp> {
  const graph = await ctx.services.graph();
  const properties: Record<string, unknown> = {};
  if (app) for (const key of RESTORED) if (app[key] !== undefined) properties[key] = app[key];
  return {
    appId: app?.id ?? null,
    committedContentVersion: app?.committedContentVersion ?? null,
    productCode: app?.msiInformation?.productCode ?? null,
    productVersion: app?.msiInformation?.productVersion ?? null,
    uninstallCommandLine: app?.uninstallCommandLine ?? null,
    rules: (app?.rules as JsonValue[] | undefined) ?? null,
    contentVersionIds: app ? await graph.listContentVersions(app.id) : [],
    properties,
    installCommand: maskedOrNull(app?.installCommandLine, params.tokenProperty),
    category: await observeCategory(ctx, params, app?.id),
  };
}

/** The app had this agent version committed when the run planned: apply leaves its content alone. */
export function wasCurrent(observed: ObservedApp, params: IntuneWin32AppParams): boolean {
  return (
    observed.appId !== null &&
    observed.committedContentVersion !== null &&
    observed.productVersion === params.installer.productVersion &&
    observed.productCode === params.installer.productCode
  );
}

export function isCurrent(app: Win32LobApp | undefined, params: IntuneWin32AppParams): boolean {
  return (
    app !== undefined &&
    !!app.committedContentVersion &&
    app.msiInformation?.productVersion === params.installer.productVersion &&
    app.msiInformation.productCode === params.installer.productCode
  );
}
