// Creates or updates the app, uploads and commits a new content version, then makes it the
// committed one. A token (generic installer, opted in) is read from the secret store here and
// registered with the redactor before anything can print it; it goes only into the install command. A resumed attempt
// judges against what the run first planned (plan.observed): it takes over or deletes what an
// interrupted attempt uploaded, and its undo record still restores the app as it was.
import { InputError } from '../../../../errors.ts';
import type { ApplyResult, StepContext, StepPlan, UndoRecord } from '../../../../steps/contract.ts';
import { appBody } from './body.ts';
import { ensureCategory } from './category.ts';
import { takeOverEarlierUpload } from './earlier-upload.ts';
import { checkCachedInstaller } from './installer-check.ts';
import { findApp, isCurrent, ObservedApp, observedOf, wasCurrent } from './observe.ts';
import { withPackage } from './package.ts';
import type { IntuneWin32AppParams } from './params.ts';

/** The install token, only for a runbook that opted in to it (params.ts); registered for redaction. */
async function readToken(ctx: StepContext, params: IntuneWin32AppParams): Promise<string | undefined> {
  if (!params.installToken) return undefined;
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
  const graph = await ctx.services.graph();
  const body = appBody(params, token, `Managed by sop-integrate (run ${ctx.runId}, step ${ctx.stepId}).`);
  let app = await findApp(ctx, params);
  const planned = ObservedApp.safeParse(plan.observed);
  const observed = planned.success ? planned.data : await observedOf(ctx, params, app);
  // An app that was absent when this run first planned is ours, even if a crashed attempt made it.
  const createdByRun = observed.appId === null;
  // A changed installer is refused before anything is created (packaging checks its copy again).
  if (!app || !isCurrent(app, params)) await checkCachedInstaller(ctx, params.installer);
  if (!app) {
    app = await graph.createWin32App(body);
    ctx.log.info(`created Win32 app ${params.displayName} (${app.id})`);
  }
  const appId = app.id;
  let contentVersionId: string;
  if (isCurrent(app, params)) {
    // An interrupted attempt got as far as committing the new version on the app.
    contentVersionId = app.committedContentVersion ?? '';
  } else {
    const earlier = await takeOverEarlierUpload(
      ctx,
      appId,
      app.committedContentVersion,
      observed.contentVersionIds,
    );
    contentVersionId =
      earlier.reusable ??
      (
        await withPackage(ctx, params, (content) =>
          graph.uploadWin32Content(appId, content, {
            sleep: (ms) => ctx.sleep(ms),
            now: () => ctx.now(),
            onProgress: (done, total) => ctx.log.progress('uploading content', done, total),
          }),
        )
      ).contentVersionId;
    const { '@odata.type': _type, ...fields } = body;
    await graph.updateWin32App(appId, { ...fields, committedContentVersion: contentVersionId });
  }
  ctx.log.info(`committed content version ${contentVersionId} (agent ${params.installer.productVersion})`);
  const category = await ensureCategory(ctx, params, appId, observed.category);
  const undo: UndoRecord = createdByRun
    ? { kind: 'delete-app', appId, displayName: params.displayName, ...category.undo }
    : wasCurrent(observed, params)
      ? // Only the category changed: undo must not touch the content or properties.
        { kind: 'restore-category', appId, displayName: params.displayName, ...category.undo }
      : {
          kind: 'restore-content',
          appId,
          displayName: params.displayName,
          committedContentVersion: observed.committedContentVersion,
          addedContentVersion: observed.contentVersionIds.includes(contentVersionId)
            ? null
            : contentVersionId,
          productCode: observed.productCode,
          productVersion: observed.productVersion,
          uninstallCommandLine: observed.uninstallCommandLine,
          rules: (observed.rules ?? null) as UndoRecord[string],
          properties: observed.properties as UndoRecord[string],
          installCommand: observed.installCommand,
          // A key ending in "token" would be redacted in the journal: this is the secret's name only.
          installTokenName: params.installToken?.name ?? null,
          ...category.undo,
        };
  return {
    outputs: {
      appId,
      contentVersion: contentVersionId,
      productCode: params.installer.productCode,
      productVersion: params.installer.productVersion,
      categoryId: category.categoryId,
    },
    undo,
  };
}
