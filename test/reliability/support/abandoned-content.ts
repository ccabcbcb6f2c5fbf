// Intune content versions an interrupted upload left behind: created, never committed, and not
// the app's committed version. A resumed upload starts a fresh version (as Intune's own tools
// do), so a crash mid-upload leaves one; they are reported apart from real duplicates.
import type { SandboxSnapshot } from '../../../src/sandbox/index.ts';

export function withoutAbandonedContent(state: SandboxSnapshot): {
  state: SandboxSnapshot;
  abandoned: number;
} {
  const intune = state.intune;
  if (!intune) return { state, abandoned: 0 };
  const committed = new Set(
    Object.values(intune.mobileApps).map((app) => `${app.id}/${String(app.committedContentVersion)}`),
  );
  const abandonedIds = Object.values(intune.contentVersions)
    .filter((v) => !committed.has(`${v.appId}/${v.id}`))
    .map((v) => `${v.appId}/${v.id}`);
  const abandoned = new Set(abandonedIds);
  const keep = <T>(records: Record<string, T>, key: (r: T) => string) =>
    Object.fromEntries(Object.entries(records).filter(([, r]) => !abandoned.has(key(r))));
  return {
    abandoned: abandoned.size,
    state: {
      ...state,
      intune: {
        ...intune,
        contentVersions: keep(intune.contentVersions, (v) => `${v.appId}/${v.id}`),
        contentFiles: keep(intune.contentFiles, (f) => `${f.appId}/${f.contentVersionId}`),
      },
    },
  };
}
