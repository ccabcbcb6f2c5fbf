// Read-only: is the app there, with this agent version committed? create / update (new content
// version) / noop, with the exact calls. The install command is shown with the token as a name.
import {
  unknownValue,
  type JsonValue,
  type PlannedCall,
  type StepContext,
  type StepPlan,
} from '../../../../steps/contract.ts';
import {
  ARCHITECTURE_NOTE,
  architectures,
  detectionInWords,
  installCommandShown,
  uninstallCommand,
} from './body.ts';
import { categoryCalls, categoryChange } from './plan-category.ts';
import { categoryLinked } from './category.ts';
import { checkCachedInstaller } from './installer-check.ts';
import { findApp, isCurrent, observedOf } from './observe.ts';
import type { IntuneWin32AppParams } from './params.ts';

export async function planWin32App(ctx: StepContext, params: IntuneWin32AppParams): Promise<StepPlan> {
  const app = await findApp(ctx, params);
  const observed = await observedOf(ctx, params, app);
  const version = params.installer.productVersion;
  const category = observed.category ?? null;
  const graph = (method: string, target: string): PlannedCall => ({ service: 'graph', method, target });
  if (app && isCurrent(app, params)) {
    const knownOutputs = {
      appId: app.id,
      contentVersion: app.committedContentVersion ?? '',
      productCode: params.installer.productCode,
      productVersion: version,
      ...(category?.id === null ? {} : { categoryId: category?.id ?? null }),
    };
    if (!categoryLinked(category))
      return {
        action: 'update',
        summary: `put Win32 app ${params.displayName} in category ${params.category ?? ''} (agent ${version} already committed)`,
        changes: [categoryChange(params, category)],
        calls: categoryCalls(params, category, app.id).map((c) => graph(c.method, c.target)),
        knownOutputs,
        observed: observed as JsonValue,
      };
    return {
      action: 'noop',
      summary: `keep Win32 app ${params.displayName} (agent ${version} committed${params.category ? `, category ${params.category}` : ''})`,
      changes: [],
      calls: [],
      knownOutputs,
      observed: observed as JsonValue,
    };
  }
  // A changed installer is refused here, before a resumed run journals or asks for anything.
  const cached = await checkCachedInstaller(ctx, params.installer);
  const appId = app?.id ?? unknownValue('appId');
  const base = `/deviceAppManagement/mobileApps`;
  const calls: PlannedCall[] = [
    ...(app ? [] : [graph('POST', `${base} (win32LobApp ${params.displayName}, v1.0 rules)`)]),
    graph('POST', `${base}/${appId}/microsoft.graph.win32LobApp/contentVersions`),
    graph('POST', `${base}/${appId}/microsoft.graph.win32LobApp/contentVersions/{new}/files`),
    { service: 'azure-blob', method: 'PUT', target: 'SAS URL: Put Block ×n, Put Block List' },
    graph('POST', `…/files/{new}/commit (fileEncryptionInfo from Detection.xml)`),
    graph('PATCH', `${base}/${appId} (committedContentVersion)`),
    ...categoryCalls(params, category, appId).map((c) => graph(c.method, c.target)),
  ];
  return {
    action: app ? 'update' : 'create',
    summary: app
      ? `upload agent ${version} to Win32 app ${params.displayName} (was ${observed.productVersion ?? 'no committed content'})`
      : `create Win32 app ${params.displayName} with agent ${version}`,
    changes: [
      ...(app
        ? []
        : [{ path: 'app', before: null, after: `${params.displayName} (publisher ${params.publisher})` }]),
      { path: 'content.productVersion', before: observed.productVersion, after: version },
      { path: 'content.productCode', before: observed.productCode, after: params.installer.productCode },
      ...(categoryLinked(category) ? [] : [categoryChange(params, category)]),
    ],
    calls,
    details: [
      `install command: ${installCommandShown(params)}`,
      ...(params.installToken
        ? [
            `WARNING: the install token (secret ${params.installToken.name}) is stored readable in the Intune app's installCommandLine: anyone who can read Intune apps (DeviceManagementApps.Read.All) can read it`,
          ]
        : []),
      `uninstall command: ${uninstallCommand()}`,
      `install behaviour: System; device restart: no specific action (suppress); return codes 0, 1707, 3010, 1641, 1618`,
      `detection: ${detectionInWords(params.detection)} (survives the agent updating itself; not the MSI product code, which changes with agent updates)`,
      `architectures: ${architectures(params)}; ${ARCHITECTURE_NOTE}`,
      `package: ${params.installer.fileName} (sha256 ${params.installer.sha256}, ProductCode ${params.installer.productCode})`,
      ...(cached
        ? []
        : [
            `installer: no longer at ${params.installer.path}; downloaded again before packaging, and refused unless its sha256 is as above`,
          ]),
      // An existing category shows in the changes; a custom one is worth a reviewer's second look.
      ...(params.category !== undefined && category?.id === null
        ? [`category: ${params.category} (custom category this run creates)`]
        : []),
    ],
    observed: observed as JsonValue,
  };
}
