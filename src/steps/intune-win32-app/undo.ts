// Undo: delete the app this run created, or point the app back at its previous committed content
// version with the metadata that went with it.
import { ServiceError } from '../../errors.ts';
import type { StepContext, UndoRecord } from '../contract.ts';
import { show } from '../ninjaone-installer/show.ts';

export async function undoWin32App(ctx: StepContext, record: UndoRecord): Promise<void> {
  const graph = await ctx.services.graph();
  const appId = show(record.appId);
  if (record.kind === 'delete-app') {
    try {
      await graph.deleteWin32App(appId);
      ctx.log.info(`deleted Win32 app ${show(record.displayName)}`);
    } catch (error) {
      if (!(error instanceof ServiceError && error.kind === 'not-found')) throw error;
      ctx.log.info(`Win32 app ${show(record.displayName)} was already gone`);
    }
    return;
  }
  if (record.committedContentVersion === null) {
    ctx.log.warn(
      `Win32 app ${show(record.displayName)} had no committed content before; leaving the new content in place`,
    );
    return;
  }
  const current = await graph.getWin32App(appId);
  const patch: Record<string, unknown> = {
    committedContentVersion: show(record.committedContentVersion),
    ...(record.uninstallCommandLine ? { uninstallCommandLine: record.uninstallCommandLine } : {}),
    ...(Array.isArray(record.rules) ? { rules: record.rules } : {}),
    ...(record.productCode && current?.msiInformation
      ? {
          msiInformation: {
            ...current.msiInformation,
            productCode: record.productCode,
            productVersion: record.productVersion,
          },
        }
      : {}),
  };
  await graph.updateWin32App(appId, patch);
  ctx.log.info(
    `restored content version ${show(record.committedContentVersion)} of ${show(record.displayName)}`,
  );
}
