// /deviceAppManagement/mobileApps (v1.0): list with $filter by displayName, create, get, update,
// delete, and the app's assignments (add one, list, delete one).
import { unquoteOData } from '../../../../sandbox/http/router.ts';
import { badRequest, notFound } from '../errors.ts';
import { route } from '../keys.ts';
import { noContent } from '../respond.ts';
import type { GraphDeps, GraphRouter } from '../types.ts';
import { checkWin32LobAppBody } from './app-body.ts';
import { appWire, assignmentWire, deleteAppCascade, intuneState, requireApp } from './store.ts';
import { dropBlob } from './blob-store.ts';

export const WRITE_INTUNE_APPS = ['DeviceManagementApps.ReadWrite.All'];
export const READ_INTUNE_APPS = ['DeviceManagementApps.Read.All', 'DeviceManagementApps.ReadWrite.All'];
const GUID = '[0-9a-fA-F-]{36}';
export const APPS = '/deviceAppManagement/mobileApps';
export const APP = `${APPS}/(?<app>${GUID})`;

export function registerIntuneAppRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;
  const state = () => intuneState(ctx);
  const write = { roles: WRITE_INTUNE_APPS, requestType: 'microsoft.graph.win32LobApp' };
  const read = { roles: READ_INTUNE_APPS };
  const context = (path: string) => `${deps.graphUrl()}/$metadata#${path}`;

  router.add('GET', route(APPS), read, (call) => {
    const filter = call.query.get('$filter') ?? '';
    const name = /displayName eq ('(?:[^']|'')*')/.exec(filter);
    const onlyWin32 = /isof\('microsoft\.graph\.win32LobApp'\)/.test(filter);
    if (filter !== '' && !name && !onlyWin32) throw badRequest(`Invalid filter clause: ${filter}`);
    const apps = Object.values(state().mobileApps)
      .filter((app) => !name || app.displayName === unquoteOData(name[1] ?? ''))
      .map(appWire);
    return {
      status: 200,
      body: { '@odata.context': context('deviceAppManagement/mobileApps'), value: apps },
      graphTypes: { response: 'Collection(microsoft.graph.mobileApp)' },
    };
  });

  router.add('POST', route(APPS), write, (call) => {
    const fields = checkWin32LobAppBody(call.body, true);
    const id = ctx.store.newObjectId();
    const now = new Date(ctx.now()).toISOString();
    state().mobileApps[id] = {
      description: '',
      notes: '',
      ...fields,
      '@odata.type': '#microsoft.graph.win32LobApp',
      id,
      displayName: String(fields.displayName),
      publisher: String(fields.publisher),
      createdDateTime: now,
      lastModifiedDateTime: now,
      uploadState: 0,
      publishingState: 'notPublished',
      isAssigned: false,
      committedContentVersion: null,
    };
    return {
      status: 201,
      body: {
        '@odata.context': context('deviceAppManagement/mobileApps/$entity'),
        ...appWire(state().mobileApps[id]!),
      },
      mutated: true,
      graphTypes: { response: 'microsoft.graph.win32LobApp' },
    };
  });

  router.add('GET', route(APP), read, (_call, params) => ({
    status: 200,
    body: {
      '@odata.context': context('deviceAppManagement/mobileApps/$entity'),
      ...appWire(requireApp(ctx, params.app ?? '')),
    },
    graphTypes: { response: 'microsoft.graph.win32LobApp' },
  }));

  router.add('PATCH', route(APP), write, (call, params) => {
    const app = requireApp(ctx, params.app ?? '');
    const fields = checkWin32LobAppBody(call.body, false);
    const version = fields.committedContentVersion;
    if (version !== undefined) {
      const committed = Object.values(state().contentFiles).some(
        (f) => f.appId === app.id && f.contentVersionId === version && f.uploadState === 'commitFileSuccess',
      );
      if (!committed) throw badRequest(`Content version ${JSON.stringify(version)} has no committed file.`);
      app.publishingState = 'published';
    }
    Object.assign(app, fields, { lastModifiedDateTime: new Date(ctx.now()).toISOString() });
    return noContent();
  });

  router.add('DELETE', route(APP), { roles: WRITE_INTUNE_APPS }, (_call, params) => {
    const app = requireApp(ctx, params.app ?? '');
    for (const f of Object.values(state().contentFiles)) if (f.appId === app.id) dropBlob(ctx, f.id);
    deleteAppCascade(ctx, app.id);
    return noContent();
  });

  router.add('GET', route(`${APP}/assignments`), read, (_call, params) => {
    const app = requireApp(ctx, params.app ?? '');
    const value = Object.values(state().assignments)
      .filter((a) => a.appId === app.id)
      .map(assignmentWire);
    return { status: 200, body: { '@odata.context': context('mobileAppAssignment'), value } };
  });

  router.add(
    'POST',
    route(`${APP}/assignments`),
    { roles: WRITE_INTUNE_APPS, requestType: 'microsoft.graph.mobileAppAssignment' },
    (call, params) => {
      const app = requireApp(ctx, params.app ?? '');
      const body = (call.body ?? {}) as {
        intent?: unknown;
        target?: Record<string, unknown>;
        settings?: unknown;
      };
      if (!['available', 'required', 'uninstall', 'availableWithoutEnrollment'].includes(String(body.intent)))
        throw badRequest('intent must be one of available, required, uninstall, availableWithoutEnrollment.');
      const target = body.target ?? {};
      const text = (v: unknown) => (typeof v === 'string' ? v : '');
      const type = text(target['@odata.type']);
      let key = 'alldevices';
      if (type === '#microsoft.graph.groupAssignmentTarget') {
        const groupId = text(target.groupId);
        if (!ctx.store.state.directory.groups[groupId]) throw notFound(groupId);
        key = groupId;
      } else if (type !== '#microsoft.graph.allDevicesAssignmentTarget') {
        throw badRequest(`Unsupported assignment target '${type}'.`);
      }
      const id = `${app.id}_1_${key}`;
      if (state().assignments[id])
        throw badRequest('The group is already targeted by an assignment of this app.');
      state().assignments[id] = {
        id,
        appId: app.id,
        intent: String(body.intent),
        source: 'direct',
        target,
        settings: (body.settings as Record<string, unknown> | undefined) ?? null,
      };
      app.isAssigned = true;
      return {
        status: 201,
        body: {
          '@odata.context': context('mobileAppAssignment/$entity'),
          ...assignmentWire(state().assignments[id]!),
        },
        mutated: true,
      };
    },
  );

  router.add(
    'DELETE',
    route(`${APP}/assignments/(?<assignment>[A-Za-z0-9_-]+)`),
    { roles: WRITE_INTUNE_APPS },
    (_call, params) => {
      const app = requireApp(ctx, params.app ?? '');
      const assignment = state().assignments[params.assignment ?? ''];
      if (!assignment || assignment.appId !== app.id) throw notFound(params.assignment ?? '');
      delete state().assignments[assignment.id];
      app.isAssigned = Object.values(state().assignments).some((a) => a.appId === app.id);
      return noContent();
    },
  );
}
