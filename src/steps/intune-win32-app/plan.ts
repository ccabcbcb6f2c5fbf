// Read-only: is the app there, with this agent version committed? create / update (new content
// version) / noop, with the exact calls. The install command is shown with the token as a name.
import {
  unknownValue,
  type JsonValue,
  type PlannedCall,
  type StepContext,
  type StepPlan,
} from '../contract.ts';
import { detectionRule, installCommandShown, uninstallCommand } from './body.ts';
import { findApp, isCurrent, observedOf } from './observe.ts';
import type { IntuneWin32AppParams } from './params.ts';

export async function planWin32App(ctx: StepContext, params: IntuneWin32AppParams): Promise<StepPlan> {
  const app = await findApp(ctx, params);
  const observed = await observedOf(ctx, params, app);
  const version = params.installer.productVersion;
  if (app && isCurrent(app, params)) {
    return {
      action: 'noop',
      summary: `keep Win32 app ${params.displayName} (agent ${version} committed)`,
      changes: [],
      calls: [],
      knownOutputs: {
        appId: app.id,
        contentVersion: app.committedContentVersion ?? '',
        productCode: params.installer.productCode,
        productVersion: version,
      },
      observed: observed as JsonValue,
    };
  }
  const appId = app?.id ?? unknownValue('appId');
  const graph = (method: string, target: string): PlannedCall => ({ service: 'graph', method, target });
  const base = `/deviceAppManagement/mobileApps`;
  const calls: PlannedCall[] = [
    ...(app ? [] : [graph('POST', `${base} (win32LobApp ${params.displayName}, v1.0 rules)`)]),
    graph('POST', `${base}/${appId}/microsoft.graph.win32LobApp/contentVersions`),
    graph('POST', `${base}/${appId}/microsoft.graph.win32LobApp/contentVersions/{new}/files`),
    { service: 'azure-blob', method: 'PUT', target: 'SAS URL: Put Block ×n, Put Block List' },
    graph('POST', `…/files/{new}/commit (fileEncryptionInfo from Detection.xml)`),
    graph('PATCH', `${base}/${appId} (committedContentVersion)`),
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
    ],
    calls,
    details: [
      `install command: ${installCommandShown(params, params.installToken.name)}`,
      `uninstall command: ${uninstallCommand(params)}`,
      `install behaviour: System; device restart: no specific action (suppress); return codes 0, 1707, 3010, 1641, 1618`,
      `detection: ${JSON.stringify(detectionRule(params.detection, params.installer.productCode))}`,
      `package: ${params.installer.fileName} (sha256 ${params.installer.sha256})`,
    ],
    observed: observed as JsonValue,
  };
}
