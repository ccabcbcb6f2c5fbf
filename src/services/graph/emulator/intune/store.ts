// Access to the Intune section of the sandbox state, and the wire shapes records are served in.
import type { SandboxContext } from '../../../../sandbox/context.ts';
import { notFound } from '../errors.ts';
import type { AssignmentRecord, ContentFileRecord, IntuneState, MobileAppRecord } from './model.ts';

export function intuneState(ctx: SandboxContext): IntuneState {
  const state = ctx.store.state.intune;
  if (!state) throw new Error('the sandbox Intune state is not seeded');
  return state;
}

export function requireApp(ctx: SandboxContext, id: string): MobileAppRecord {
  const app = intuneState(ctx).mobileApps[id.toLowerCase()];
  if (!app) throw notFound(id);
  return app;
}

export function requireFile(
  ctx: SandboxContext,
  appId: string,
  cvId: string,
  fileId: string,
): ContentFileRecord {
  const file = intuneState(ctx).contentFiles[fileId.toLowerCase()];
  if (!file || file.appId !== appId.toLowerCase() || file.contentVersionId !== cvId) throw notFound(fileId);
  return file;
}

export function fileWire(file: ContentFileRecord): Record<string, unknown> {
  const { appId: _a, contentVersionId: _c, commitFailure: _f, ...wire } = file;
  return { '@odata.type': '#microsoft.graph.mobileAppContentFile', ...wire };
}

/** An app as v1.0 serves it: the beta-only bookkeeping the sandbox keeps (uploadState, isAssigned) left out. */
export function appWire(app: MobileAppRecord): Record<string, unknown> {
  const { uploadState: _u, isAssigned: _a, ...wire } = app;
  return wire;
}

export function assignmentWire(a: AssignmentRecord): Record<string, unknown> {
  const { appId: _a, ...wire } = a;
  return { '@odata.type': '#microsoft.graph.mobileAppAssignment', ...wire };
}

/** Deleting an app removes its content versions, files and assignments with it. */
export function deleteAppCascade(ctx: SandboxContext, appId: string): void {
  const state = intuneState(ctx);
  delete state.mobileApps[appId];
  for (const [key, cv] of Object.entries(state.contentVersions))
    if (cv.appId === appId) delete state.contentVersions[key];
  for (const [key, f] of Object.entries(state.contentFiles))
    if (f.appId === appId) delete state.contentFiles[key];
  for (const [key, a] of Object.entries(state.assignments))
    if (a.appId === appId) delete state.assignments[key];
  for (const [key, link] of Object.entries(state.appCategoryLinks))
    if (link.appId === appId) delete state.appCategoryLinks[key];
}
