// Undo: delete the app this run created, or point the app back at its previous committed content
// version with the properties that went with it, and delete the content version the run added.
// The category reference the run added is removed, and the category deleted if the run created it.
import type { StepContext, UndoRecord } from '../../../../steps/contract.ts';
import { show } from '../../../../steps/show.ts';
import { categoryUndoOf, deleteCreatedCategory, removeAddedReference } from './category.ts';
import { TOKEN_PLACEHOLDER } from './observe.ts';
import { ignoreMissing } from '../../../../steps/ignore-missing.ts';

export async function undoWin32App(ctx: StepContext, record: UndoRecord): Promise<void> {
  const graph = await ctx.services.graph();
  const appId = show(record.appId);
  const category = categoryUndoOf(record);
  if (record.kind === 'delete-app') {
    // Deleting the app drops its category references with it.
    if (await ignoreMissing(graph.deleteWin32App(appId)))
      ctx.log.info(`deleted Win32 app ${show(record.displayName)}`);
    else ctx.log.info(`Win32 app ${show(record.displayName)} was already gone`);
    await deleteCreatedCategory(ctx, category);
    return;
  }
  await removeAddedReference(ctx, appId, category);
  await deleteCreatedCategory(ctx, category);
  if (record.kind === 'restore-category') return;
  if (record.committedContentVersion === null) {
    ctx.log.warn(
      `Win32 app ${show(record.displayName)} had no committed content before; leaving the new content in place`,
    );
    return;
  }
  const current = await graph.getWin32App(appId);
  const properties = (record.properties ?? {}) as Record<string, unknown>;
  const patch: Record<string, unknown> = {
    // Records written before properties were kept restore what they knew.
    ...(record.uninstallCommandLine ? { uninstallCommandLine: record.uninstallCommandLine } : {}),
    ...(Array.isArray(record.rules) ? { rules: record.rules } : {}),
    ...(record.productCode && current?.msiInformation && !properties.msiInformation
      ? {
          msiInformation: {
            ...current.msiInformation,
            productCode: record.productCode,
            productVersion: record.productVersion,
          },
        }
      : {}),
    ...properties,
    ...(await installCommandOf(ctx, record)),
    committedContentVersion: show(record.committedContentVersion),
  };
  await graph.updateWin32App(appId, patch);
  ctx.log.info(
    `restored content version ${show(record.committedContentVersion)} of ${show(record.displayName)}`,
  );
  const added = record.addedContentVersion;
  if (typeof added === 'string' && added !== record.committedContentVersion)
    await ignoreMissing(graph.deleteContentVersion(appId, added));
}

/** The previous install command, with the token from the store where the plan masked one. */
async function installCommandOf(ctx: StepContext, record: UndoRecord): Promise<Record<string, string>> {
  if (typeof record.installCommand !== 'string') return {};
  if (!record.installCommand.includes(TOKEN_PLACEHOLDER))
    return { installCommandLine: record.installCommand };
  const token =
    typeof record.installTokenName === 'string' ? await ctx.secrets.get(record.installTokenName) : undefined;
  if (token === undefined) {
    ctx.log.warn(
      `the install token is not in the secret store; the install command was left as the run set it`,
    );
    return {};
  }
  ctx.redactor.register(token);
  return { installCommandLine: record.installCommand.replaceAll(TOKEN_PLACEHOLDER, token) };
}
