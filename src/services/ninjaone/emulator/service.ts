// The NinjaOne API v2 emulator, served under /ninjaone with the request and response shapes of
// openapi-v2.yaml: OAuth2 client credentials, organizations, locations, installer links and the
// MSI download, devices (df filter, cursor paging), device detail, activities and script/run.
import { createHmac } from 'node:crypto';
import { ServiceError } from '../../../errors.ts';
import type { SandboxContext } from '../../../sandbox/context.ts';
import { Router } from '../../../sandbox/http/router.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../../../sandbox/http/types.ts';
import { checkBearer, issueToken } from '../../../sandbox/identity/tokens.ts';
import { basicNode, devicePage, findDevice, parseDeviceFilter } from './device-query.ts';
import { agentBuild, perLocationMsiName } from './installer.ts';
import type { NinjaOneState } from './model.ts';
import { requestProblem } from './openapi-check.ts';
import { ninjaOneOperations } from './openapi-model.ts';
import { ninjaOneCredentials } from './credentials.ts';
import { runOnDevice } from './script-run.ts';
import { scriptingOptions } from './scripting-options.ts';

export const NINJAONE_RESOURCE = 'ninjaone';
const SCOPES = new Set(['monitoring', 'management', 'control']);

type Handler = (request: SandboxRequest, params: Record<string, string>) => SandboxReply;

export function ninjaState(ctx: SandboxContext): NinjaOneState {
  const state = ctx.store.state.ninjaone;
  if (!state) throw new Error('the sandbox NinjaOne state is not seeded');
  return state;
}

const json = (status: number, body?: unknown, mutated = false): SandboxReply => ({
  status,
  ...(body === undefined ? {} : { body }),
  mutated,
});
const failure = (status: number, code: string, message: string): SandboxReply =>
  json(status, { resultCode: code, errorMessage: message, incidentId: `sbx-${Date.now().toString(36)}` });

function intParam(request: SandboxRequest, name: string, fallback: number, min = 1, max = 10_000): number {
  const raw = request.query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ServiceError('ninjaone-sandbox', 'bad-request', `Invalid ${name}: ${raw}`, { status: 400 });
  return n;
}

/** The location's installer token: derived from the seed, so a link is stable yet unguessable. */
export function installerToken(ctx: SandboxContext, organizationId: number, locationId: number): string {
  return createHmac('sha256', `installer:${ctx.store.state.seed}`)
    .update(`${organizationId}/${locationId}`)
    .digest('base64url');
}

export function createNinjaOneService(ctx: SandboxContext): EmulatedService {
  const router = new Router<Handler, { auth: boolean }>();
  const seed = () => ctx.store.state.seed;
  const base = () => `${ctx.baseUrl()}/ninjaone`;

  router.add('POST', /^\/ws\/oauth\/token$/, { auth: false }, (request) => {
    const form = new URLSearchParams(request.rawBody);
    const expected = ninjaOneCredentials(seed());
    if (form.get('grant_type') !== 'client_credentials')
      return json(400, {
        error: 'unsupported_grant_type',
        error_description: 'grant_type must be client_credentials',
      });
    if (form.get('client_id') !== expected.clientId || form.get('client_secret') !== expected.clientSecret)
      return json(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    const scopes = (form.get('scope') ?? '').split(/\s+/).filter((s) => s !== '');
    // Like the EU server, unknown scopes (offline_access under client credentials) are refused.
    if (scopes.length === 0 || scopes.some((s) => !SCOPES.has(s)))
      return json(400, {
        error: 'invalid_scope',
        error_description: `Invalid scope: ${form.get('scope') ?? ''}`,
      });
    const token = issueToken(ctx, expected.clientId, NINJAONE_RESOURCE, scopes);
    return json(
      200,
      { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: scopes.join(' ') },
      true,
    );
  });

  router.add('GET', /^\/v2\/organizations$/, { auth: true }, (request) => {
    const after = intParam(request, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
    const pageSize = intParam(request, 'pageSize', 1000);
    const orgs = Object.values(ninjaState(ctx).organizations)
      .filter((o) => o.id > after)
      .sort((a, b) => a.id - b.id)
      .slice(0, pageSize);
    return json(200, orgs);
  });

  router.add('GET', /^\/v2\/organization\/(?<id>\d+)\/locations$/, { auth: true }, (_request, params) => {
    const id = Number(params.id);
    if (!ninjaState(ctx).organizations[id]) return failure(404, 'NOT_FOUND', `Organization ${id} not found`);
    const locations = Object.values(ninjaState(ctx).locations)
      .filter((l) => l.organizationId === id)
      .map(({ organizationId: _org, ...location }) => location);
    return json(200, locations);
  });

  router.add(
    'GET',
    /^\/v2\/organization\/(?<id>\d+)\/location\/(?<location>\d+)\/installer\/(?<type>[A-Z0-9_]+)$/,
    { auth: true },
    (_request, params) => {
      const orgId = Number(params.id);
      const location = ninjaState(ctx).locations[params.location ?? ''];
      if (!location || location.organizationId !== orgId)
        return failure(404, 'NOT_FOUND', `Location ${params.location} not found in organization ${orgId}`);
      if (params.type !== 'WINDOWS_MSI')
        return failure(400, 'UNSUPPORTED_INSTALLER', `The sandbox serves WINDOWS_MSI installers only`);
      const token = installerToken(ctx, orgId, location.id);
      const org = ninjaState(ctx).organizations[orgId]?.name ?? '';
      const name = perLocationMsiName(org, location.name, ninjaState(ctx).settings.agent.version ?? '5.0.0');
      return json(200, { url: `${base()}/ws/api/v2/installer/${token}/${name}` });
    },
  );

  router.add(
    'GET',
    /^\/ws\/api\/v2\/installer\/(?<token>[\w-]+)\/(?<file>[\w.-]+\.msi)$/,
    { auth: false },
    (_r, params) => {
      const state = ninjaState(ctx);
      const known = Object.values(state.locations).some(
        (l) => installerToken(ctx, l.organizationId, l.id) === params.token,
      );
      if (!known) return failure(404, 'NOT_FOUND', 'Unknown installer');
      const agent = state.settings.agent;
      const build = agentBuild(seed(), agent.version ?? '5.0.0', agent.payloadBytes ?? 0);
      return {
        status: 200,
        headers: { 'content-type': 'application/x-msi', 'content-length': String(build.bytes.length) },
        body: { bytes: build.bytes.length },
        rawPayload: build.bytes,
      };
    },
  );

  for (const kind of ['devices', 'devices-detailed'] as const) {
    router.add('GET', new RegExp(`^/v2/${kind}$`), { auth: true }, (request) => {
      const filter = parseDeviceFilter(request.query.get('df'));
      const after = intParam(request, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
      const pageSize = intParam(request, 'pageSize', 1000);
      const page = devicePage(ninjaState(ctx), seed(), filter, after, pageSize);
      return json(200, kind === 'devices' ? page.map(basicNode) : page);
    });
  }

  router.add('GET', /^\/v2\/device\/(?<id>\d+)$/, { auth: true }, (_request, params) => {
    const device = findDevice(ninjaState(ctx), seed(), Number(params.id));
    return device ? json(200, device) : failure(404, 'NOT_FOUND', `Device ${params.id} not found`);
  });

  router.add('GET', /^\/v2\/device\/(?<id>\d+)\/activities$/, { auth: true }, (request, params) => {
    const id = Number(params.id);
    if (!findDevice(ninjaState(ctx), seed(), id)) return failure(404, 'NOT_FOUND', `Device ${id} not found`);
    const newerThan = intParam(request, 'newerThan', 0, 0, Number.MAX_SAFE_INTEGER);
    const pageSize = intParam(request, 'pageSize', 200, 10, 1000);
    const type = request.query.get('activityType');
    const all = Object.values(ninjaState(ctx).activities).filter((a) => a.deviceId === id);
    const activities = all
      .filter((a) => a.id > newerThan && (type === null || a.activityType === type))
      .sort((a, b) => b.id - a.id)
      .slice(0, pageSize);
    const lastNodeActivityId = Math.max(0, ...all.map((a) => a.id));
    const lastActivityId = Math.max(0, ...Object.values(ninjaState(ctx).activities).map((a) => a.id));
    return json(200, { lastActivityId, lastNodeActivityId, activities });
  });

  router.add('GET', /^\/v2\/device\/(?<id>\d+)\/scripting\/options$/, { auth: true }, (_request, params) =>
    findDevice(ninjaState(ctx), seed(), Number(params.id))
      ? json(200, scriptingOptions(seed()))
      : failure(404, 'NOT_FOUND', `Device ${params.id} not found`),
  );

  router.add('POST', /^\/v2\/device\/(?<id>\d+)\/script\/run$/, { auth: true }, (request, params) =>
    runOnDevice(ctx, ninjaState(ctx), Number(params.id), request.rawBody),
  );

  return {
    name: 'ninjaone',
    async handle(request) {
      const path = request.path.slice('/ninjaone'.length) || '/';
      const match = router.match(request.method, path);
      if (match === undefined) return failure(404, 'NOT_FOUND', `No such path ${path}`);
      if (match === 'method-not-allowed')
        return failure(405, 'METHOD_NOT_ALLOWED', `${request.method} ${path}`);
      if (match.meta.auth) {
        const auth = checkBearer(ctx, request.headers.authorization, NINJAONE_RESOURCE);
        if (!auth.ok) return json(401, { error: 'invalid_token', error_description: `Token ${auth.reason}` });
      }
      // Checked against the vendor's OpenAPI description before the handler, as a validating
      // API gateway would; the description declares no error body, so the emulator's own is used.
      const problem = requestProblem(ninjaOneOperations(), { ...request, path });
      if (problem !== undefined) return failure(400, 'BAD_REQUEST', problem);
      try {
        const reply = match.handler(request, match.params);
        // Never log the token request's form: it carries the client secret.
        return path === '/ws/oauth/token' ? { ...reply, loggedRequestBody: '[form redacted]' } : reply;
      } catch (error) {
        if (error instanceof ServiceError && error.service === 'ninjaone-sandbox')
          return failure(
            error.details.status ?? 400,
            error.details.vendorCode ?? 'BAD_REQUEST',
            error.message,
          );
        throw error;
      }
    },
    faultReply: (_request, status, retryAfterSeconds) => ({
      ...failure(status, status === 429 ? 'TOO_MANY_REQUESTS' : 'SERVER_ERROR', 'Injected by the sandbox'),
      ...(retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(retryAfterSeconds) } }),
    }),
  };
}
