// addPassword / removePassword on applications. The secret is returned once and kept only as a hash.
import { newClientSecret, sha256Hex } from '../../../sandbox/ids.ts';
import type { PasswordCredentialRecord } from '../../../sandbox/state/model.ts';
import { badRequest } from './errors.ts';
import { requireApplication } from './directory.ts';
import { APP_KEY, keyFromParams, route } from './keys.ts';
import { WRITE_APPS } from './permissions.ts';
import type { GraphDeps, GraphRouter } from './types.ts';
import { unknownPropertyMessage, validateShape } from './validate.ts';

const CREDENTIAL = 'microsoft.graph.passwordCredential';
const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;

function actionBody(body: unknown, allowed: string[]): Record<string, unknown> {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('Invalid action payload.');
  for (const name of Object.keys(body))
    if (!allowed.includes(name)) throw badRequest(unknownPropertyMessage(name));
  return body as Record<string, unknown>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function registerPasswordRoutes(router: GraphRouter, deps: GraphDeps): void {
  const { ctx } = deps;

  router.add(
    'POST',
    route(`/applications${APP_KEY}/addPassword`),
    { roles: WRITE_APPS, requestType: 'action:microsoft.graph.application/addPassword' },
    (call, params) => {
      const app = requireApplication(ctx.store.state.directory, keyFromParams(params));
      const body = actionBody(call.body, ['passwordCredential']);
      const requested =
        body.passwordCredential === undefined || body.passwordCredential === null
          ? {}
          : validateShape(body.passwordCredential, CREDENTIAL);
      const start =
        typeof requested.startDateTime === 'string' ? Date.parse(requested.startDateTime) : ctx.now();
      const end =
        typeof requested.endDateTime === 'string' ? Date.parse(requested.endDateTime) : start + TWO_YEARS_MS;
      if (end <= start) {
        throw badRequest(
          "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.",
        );
      }
      const secretText = newClientSecret();
      ctx.secrets.register(secretText);
      const stored: PasswordCredentialRecord = {
        customKeyIdentifier: null,
        displayName: typeof requested.displayName === 'string' ? requested.displayName : null,
        endDateTime: iso(end),
        hint: secretText.slice(0, 3),
        keyId: ctx.store.newObjectId(),
        secretText: null,
        startDateTime: iso(start),
      };
      app.passwordCredentials.push(stored);
      ctx.store.state.identity.secretHashes[stored.keyId] = {
        applicationId: app.id,
        sha256: sha256Hex(secretText),
      };
      return {
        status: 200,
        mutated: true,
        body: {
          '@odata.context': `${deps.graphUrl()}/$metadata#microsoft.graph.passwordCredential`,
          ...stored,
          secretText,
        },
        graphTypes: { response: CREDENTIAL },
      };
    },
  );

  router.add(
    'POST',
    route(`/applications${APP_KEY}/removePassword`),
    { roles: WRITE_APPS, requestType: 'action:microsoft.graph.application/removePassword' },
    (call, params) => {
      const app = requireApplication(ctx.store.state.directory, keyFromParams(params));
      const body = actionBody(call.body, ['keyId']);
      const keyId = typeof body.keyId === 'string' ? body.keyId.toLowerCase() : '';
      const index = app.passwordCredentials.findIndex((c) => c.keyId === keyId);
      // The service's exact wording for an unknown keyId is not documented; this one is ours.
      if (index < 0) throw badRequest(`No password credential found with keyId '${String(body.keyId)}'.`);
      app.passwordCredentials.splice(index, 1);
      delete ctx.store.state.identity.secretHashes[keyId];
      return { status: 204, mutated: true };
    },
  );
}
