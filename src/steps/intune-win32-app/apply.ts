// Creates or updates the app, uploads and commits a new content version, then makes it the
// committed one. The token is read from the secret store here and registered with the redactor
// before anything can print it; it goes only into the app's install command.
import { InputError } from '../../errors.ts';
import type { ApplyResult, StepContext, StepPlan, UndoRecord } from '../contract.ts';
import { appBody } from './body.ts';
import { findApp, type ObservedApp } from './observe.ts';
import { withPackage } from './package.ts';
import type { IntuneWin32AppParams } from './params.ts';

async function readToken(ctx: StepContext, params: IntuneWin32AppParams): Promise<string> {
  const token = await ctx.secrets.get(params.installToken.name);
  if (!token)
    throw new InputError(
      `The install token secret ${params.installToken.name} is not in the secret store`,
      [],
      {
        hint: `Store the organization's NinjaOne install token as ${ctx.secrets.describe(params.installToken.name)}, then run again.`,
      },
    );
  ctx.redactor.register(token);
  return token;
}

export async function applyWin32App(
  ctx: StepContext,
  params: IntuneWin32AppParams,
  plan: StepPlan,
): Promise<ApplyResult> {
  const token = await readToken(ctx, params);
  const observed = (plan.observed ?? {}) as ObservedApp;
  const graph = await ctx.services.graph();
  const body = appBody(params, token, `Managed by sop-integrate (run ${ctx.runId}, step ${ctx.stepId}).`);
  let app = await findApp(ctx, params);
  // An app that was absent when this run first planned is ours, even if a crashed attempt made it.
  const createdByRun = observed.appId === null;
  if (!app) {
    app = await graph.createWin32App(body);
    ctx.log.info(`created Win32 app ${params.displayName} (${app.id})`);
  }
  const appId = app.id;
  const { contentVersionId } = await withPackage(ctx, params, (content) =>
    graph.uploadWin32Content(appId, content, {
      sleep: (ms) => ctx.sleep(ms),
      now: () => ctx.now(),
      onProgress: (done, total) => ctx.log.progress('uploading content', done, total),
    }),
  );
  const { '@odata.type': _type, ...fields } = body;
  await graph.updateWin32App(appId, { ...fields, committedContentVersion: contentVersionId });
  ctx.log.info(`committed content version ${contentVersionId} (agent ${params.installer.productVersion})`);
  const undo: UndoRecord = createdByRun
    ? { kind: 'delete-app', appId, displayName: params.displayName }
    : {
        kind: 'restore-content',
        appId,
        displayName: params.displayName,
        committedContentVersion: observed.committedContentVersion,
        productCode: observed.productCode,
        productVersion: observed.productVersion,
        uninstallCommandLine: observed.uninstallCommandLine,
        rules: observed.rules ?? null,
      };
  return {
    outputs: {
      appId,
      contentVersion: contentVersionId,
      productCode: params.installer.productCode,
      productVersion: params.installer.productVersion,
    },
    undo,
  };
}
