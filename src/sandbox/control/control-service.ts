// The sandbox's own control API under /_sandbox, so a sandbox started in another process
// (`sop-integrate sandbox start`) can be inspected and steered: state, request log, sign-ins, faults.
import type { SandboxContext } from '../context.ts';
import { isSopError } from '../../errors.ts';
import { recordSignIn } from '../identity/login-service.ts';
import { expireAllTokens } from '../identity/tokens.ts';
import { mailSendRoute } from '../mail/mail-route.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from '../http/types.ts';
import type { FaultRule } from '../types.ts';

function json(status: number, body?: unknown, mutated = false): SandboxReply {
  return body === undefined ? { status, mutated } : { status, body, mutated };
}

function parse(request: SandboxRequest): Record<string, unknown> {
  if (request.rawBody.trim() === '') return {};
  const value = JSON.parse(request.rawBody) as unknown;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

export function createControlService(ctx: SandboxContext): EmulatedService {
  const routes: Record<string, (request: SandboxRequest, arg: string) => SandboxReply> = {
    'GET /state': () => json(200, ctx.store.snapshot()),
    'GET /requests': () => json(200, ctx.requests),
    'GET /faults': () => json(200, ctx.faults.list()),
    'POST /faults': (request) => json(201, { id: ctx.faults.add(parse(request) as unknown as FaultRule) }),
    'DELETE /faults': () => {
      ctx.faults.clear();
      return json(204);
    },
    'DELETE /faults/:id': (_request, id) => json(ctx.faults.remove(id) ? 204 : 404),
    'POST /mail/send': mailSendRoute(ctx),
    'POST /tokens/expire': () => {
      expireAllTokens(ctx);
      return json(204, undefined, true);
    },
    'POST /signins': (request) => {
      const body = parse(request);
      const { directory } = ctx.store.state;
      const client = Object.values(directory.servicePrincipals).find((sp) => sp.appId === body.appId);
      if (!client) return json(404, { error: `No service principal with appId ${String(body.appId)}` });
      const resourceAppId =
        typeof body.resourceAppId === 'string' ? body.resourceAppId : '00000003-0000-0000-c000-000000000000';
      const resource = Object.values(directory.servicePrincipals).find((sp) => sp.appId === resourceAppId);
      recordSignIn(ctx, client, resource);
      const newest = Object.values(directory.signIns).at(-1);
      return json(201, newest, true);
    },
  };

  return {
    name: '_sandbox',
    async handle(request) {
      const sub = request.path.slice('/_sandbox'.length) || '/';
      const idMatch = /^\/faults\/([^/]+)$/.exec(sub);
      const key = idMatch ? `${request.method} /faults/:id` : `${request.method} ${sub}`;
      const handler = routes[key];
      if (!handler) return json(404, { error: `No sandbox control route ${request.method} ${request.path}` });
      try {
        return {
          ...handler(request, idMatch?.[1] ?? ''),
          loggedRequestBody: request.rawBody === '' ? undefined : request.rawBody,
        };
      } catch (error) {
        const message = isSopError(error) || error instanceof Error ? error.message : String(error);
        return json(400, { error: message });
      }
    },
    faultReply: (_request, status) => json(status, { error: 'injected' }),
  };
}
