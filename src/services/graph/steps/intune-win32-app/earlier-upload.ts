// Content versions an interrupted attempt of this run left on the app: absent when the run first
// planned, and not the app's committed version. One whose file finished committing is taken over
// (resume refuses changed inputs, so it holds the same package); the others are deleted, so a
// crash mid-upload leaves no content version behind.
import { ServiceError } from '../../../../errors.ts';
import type { StepContext } from '../../../../steps/contract.ts';

export interface EarlierUpload {
  /** A committed-file content version to make the app's committed one instead of uploading again. */
  reusable: string | undefined;
  deleted: string[];
}

export async function takeOverEarlierUpload(
  ctx: StepContext,
  appId: string,
  committed: string | null | undefined,
  existedBefore: readonly string[],
): Promise<EarlierUpload> {
  const graph = await ctx.services.graph();
  const ours = (await graph.listContentVersions(appId))
    .filter((id) => !existedBefore.includes(id) && id !== committed)
    // Newest first: the last attempt got furthest.
    .sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  const result: EarlierUpload = { reusable: undefined, deleted: [] };
  for (const cv of ours) {
    if (result.reusable === undefined && (await committedFile(ctx, appId, cv))) {
      result.reusable = cv;
      ctx.log.info(`content version ${cv} from an interrupted attempt is committed: using it`);
      continue;
    }
    await graph.deleteContentVersion(appId, cv);
    result.deleted.push(cv);
    ctx.log.info(`deleted content version ${cv} an interrupted attempt left uncommitted`);
  }
  return result;
}

/** True when the version holds exactly one file and its commit succeeded (waiting out a pending one). */
async function committedFile(ctx: StepContext, appId: string, cv: string): Promise<boolean> {
  const graph = await ctx.services.graph();
  const files = await graph.listContentFiles(appId, cv);
  const [file] = files;
  if (files.length !== 1 || file === undefined) return false;
  try {
    const settled = await graph.settleContentFile(appId, cv, file, {
      sleep: (ms) => ctx.sleep(ms),
      now: () => ctx.now(),
    });
    return settled.uploadState === 'commitFileSuccess';
  } catch (error) {
    // A commit that failed or timed out: the version is deleted and the package uploaded again.
    if (error instanceof ServiceError) return false;
    throw error;
  }
}
