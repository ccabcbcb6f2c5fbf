// Content upload of a win32LobApp (v1.0): content versions, file entries whose `uploadState`
// moves on as the client polls, SAS renewal, and commit with verification of the uploaded bytes.
import type { FileEncryptionInfo } from './encrypted-content.ts';
import { badRequest, notFound } from '../errors.ts';
import { route } from '../keys.ts';
import type { GraphDeps, GraphRouter } from '../types.ts';
import { dropBlob, issueSasUrl } from './blob-store.ts';
import { settleCommit, startCommit } from './commit.ts';
import { APP, READ_INTUNE_APPS, WRITE_INTUNE_APPS } from './routes-apps.ts';
import { fileWire, intuneState, requireApp, requireFile } from './store.ts';

const VERSIONS = `${APP}/microsoft\\.graph\\.win32LobApp/contentVersions`;
const VERSION = `${VERSIONS}/(?<cv>\\d+)`;
const FILES = `${VERSION}/files`;
const FILE = `${FILES}/(?<file>[0-9a-fA-F-]{36})`;
const FIELDS = ['@odata.type', 'name', 'size', 'sizeEncrypted', 'manifest', 'isDependency'];

export function registerIntuneContentRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;
  const state = () => intuneState(ctx);
  const write = { roles: WRITE_INTUNE_APPS };
  const read = { roles: READ_INTUNE_APPS };
  const context = (what: string) => `${deps.graphUrl()}/$metadata#${what}`;

  router.add(
    'POST',
    route(VERSIONS),
    { ...write, requestType: 'microsoft.graph.mobileAppContent' },
    (_call, params) => {
      const app = requireApp(ctx, params.app ?? '');
      const existing = Object.values(state().contentVersions).filter((cv) => cv.appId === app.id);
      // Ids are never reused, also once a version was deleted.
      const id = String(Math.max(0, ...existing.map((cv) => Number(cv.id))) + 1);
      state().contentVersions[`${app.id}/${id}`] = { id, appId: app.id };
      return {
        status: 201,
        body: { '@odata.context': context('mobileAppContent/$entity'), id },
        mutated: true,
      };
    },
  );

  router.add('GET', route(VERSIONS), read, (_call, params) => {
    const app = requireApp(ctx, params.app ?? '');
    const value = Object.values(state().contentVersions)
      .filter((cv) => cv.appId === app.id)
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((cv) => ({ id: cv.id }));
    return { status: 200, body: { '@odata.context': context('mobileAppContent'), value } };
  });

  // Removes a content version with its files (a client cleaning up an abandoned upload);
  // the app's committed version cannot be deleted.
  router.add('DELETE', route(VERSION), write, (_call, params) => {
    const app = requireApp(ctx, params.app ?? '');
    const key = `${app.id}/${params.cv}`;
    if (!state().contentVersions[key]) throw notFound(params.cv ?? '');
    if (app.committedContentVersion === params.cv)
      throw badRequest('The committed content version of an app cannot be deleted.');
    for (const [id, file] of Object.entries(state().contentFiles))
      if (file.appId === app.id && file.contentVersionId === params.cv) {
        dropBlob(ctx, file.id);
        delete state().contentFiles[id];
      }
    delete state().contentVersions[key];
    return { status: 204, mutated: true };
  });

  router.add('GET', route(FILES), read, (_call, params) => {
    const app = requireApp(ctx, params.app ?? '');
    if (!state().contentVersions[`${app.id}/${params.cv}`]) throw notFound(params.cv ?? '');
    const files = Object.values(state().contentFiles).filter(
      (f) => f.appId === app.id && f.contentVersionId === params.cv,
    );
    const mutated = files.map((f) => settleCommit(ctx, f)).some(Boolean);
    return {
      status: 200,
      body: { '@odata.context': context('mobileAppContentFile'), value: files.map(fileWire) },
      mutated,
    };
  });

  router.add('GET', route(VERSION), read, (_call, params) => {
    const app = requireApp(ctx, params.app ?? '');
    const cv = state().contentVersions[`${app.id}/${params.cv}`];
    if (!cv) throw notFound(params.cv ?? '');
    return { status: 200, body: { '@odata.context': context('mobileAppContent/$entity'), id: cv.id } };
  });

  router.add(
    'POST',
    route(FILES),
    { ...write, requestType: 'microsoft.graph.mobileAppContentFile' },
    (call, params) => {
      const app = requireApp(ctx, params.app ?? '');
      if (!state().contentVersions[`${app.id}/${params.cv}`]) throw notFound(params.cv ?? '');
      const body = (call.body ?? {}) as Record<string, unknown>;
      for (const key of Object.keys(body))
        if (!FIELDS.includes(key))
          throw badRequest(`Property '${key}' does not exist on mobileAppContentFile.`);
      if (typeof body.name !== 'string' || body.name === '') throw badRequest("Property 'name' is required.");
      for (const size of ['size', 'sizeEncrypted'] as const)
        if (!Number.isSafeInteger(body[size]) || (body[size] as number) <= 0)
          throw badRequest(`Property '${size}' must be a positive Int64.`);
      const id = ctx.store.newObjectId();
      state().contentFiles[id] = {
        id,
        appId: app.id,
        contentVersionId: params.cv ?? '',
        name: body.name,
        size: body.size as number,
        sizeEncrypted: body.sizeEncrypted as number,
        manifest: null,
        isDependency: body.isDependency === true,
        isCommitted: false,
        createdDateTime: new Date(ctx.now()).toISOString(),
        // Intune prepares the storage URI asynchronously: the first poll sees it ready.
        uploadState: 'azureStorageUriRequestPending',
        azureStorageUri: null,
        azureStorageUriExpirationDateTime: null,
      };
      return {
        status: 201,
        body: {
          '@odata.context': context('mobileAppContentFile/$entity'),
          ...fileWire(state().contentFiles[id]!),
        },
        mutated: true,
      };
    },
  );

  router.add('GET', route(FILE), read, (_call, params) => {
    const file = requireFile(ctx, params.app ?? '', params.cv ?? '', params.file ?? '');
    let mutated = settleCommit(ctx, file);
    if (
      file.uploadState === 'azureStorageUriRequestPending' ||
      file.uploadState === 'azureStorageUriRenewalPending'
    ) {
      const sas = issueSasUrl(ctx, file.id);
      file.azureStorageUri = sas.uri;
      file.azureStorageUriExpirationDateTime = sas.expiresAt;
      file.uploadState =
        file.uploadState === 'azureStorageUriRequestPending'
          ? 'azureStorageUriRequestSuccess'
          : 'azureStorageUriRenewalSuccess';
      mutated = true;
    }
    return {
      status: 200,
      body: { '@odata.context': context('mobileAppContentFile/$entity'), ...fileWire(file) },
      mutated,
    };
  });

  router.add(
    'POST',
    route(`${FILE}/renewUpload`),
    { ...write, requestType: 'action:microsoft.graph.mobileAppContentFile/renewUpload' },
    (_call, params) => {
      const file = requireFile(ctx, params.app ?? '', params.cv ?? '', params.file ?? '');
      if (file.isCommitted) throw badRequest('The file is already committed.');
      file.uploadState = 'azureStorageUriRenewalPending';
      return { status: 204, mutated: true };
    },
  );

  router.add(
    'POST',
    route(`${FILE}/commit`),
    { ...write, requestType: 'action:microsoft.graph.mobileAppContentFile/commit' },
    (call, params) => {
      const file = requireFile(ctx, params.app ?? '', params.cv ?? '', params.file ?? '');
      const info = (call.body as { fileEncryptionInfo?: FileEncryptionInfo } | undefined)?.fileEncryptionInfo;
      if (!info || typeof info !== 'object') throw badRequest("Parameter 'fileEncryptionInfo' is required.");
      if (file.isCommitted) throw badRequest('The file is already committed.');
      file.uploadState = 'commitFilePending';
      startCommit(ctx, file, info);
      return { status: 204, mutated: true };
    },
  );

  // Deleting a file entry frees its blob (used when a client abandons an upload).
  router.add('DELETE', route(FILE), write, (_call, params) => {
    const file = requireFile(ctx, params.app ?? '', params.cv ?? '', params.file ?? '');
    dropBlob(ctx, file.id);
    delete state().contentFiles[file.id];
    return { status: 204, mutated: true };
  });
}
