// Proofpoint in the sandbox, under /proofpoint: Essentials API v1 (/essentials/api/v1/...),
// TAP SIEM API v2 (/tap/v2/siem/...), and the portal pages without API (/_portal/...).
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { EmulatedService, SandboxReply } from '../../../sandbox/http/types.ts';
import { essentialsRoutes } from './essentials-routes.ts';
import { portalRoutes } from './portal-routes.ts';
import { sandboxProofpointSecrets } from './seed.ts';
import { proofpointStateOf } from './state.ts';
import { tapRoutes } from './tap-routes.ts';

export function createProofpointService(ctx: SandboxContext): EmulatedService {
  proofpointStateOf(ctx.store.state);
  const secrets = sandboxProofpointSecrets(ctx.store.state.seed);
  ctx.secrets.register(secrets.essentialsPassword);
  ctx.secrets.register(secrets.tapSecret);
  const essentials = essentialsRoutes(ctx);
  const tap = tapRoutes(ctx);
  const portal = portalRoutes(ctx);
  return {
    name: 'proofpoint',
    async handle(request) {
      const path = request.path.slice('/proofpoint'.length);
      if (path.startsWith('/essentials/')) return essentials(request, path.slice('/essentials'.length));
      if (path.startsWith('/tap/')) return tap(request, path.slice('/tap'.length));
      const page = /^\/_portal\/([a-z-]+)$/.exec(path)?.[1];
      if (page) return portal(request, page);
      return { status: 404, body: { errors: [`No Proofpoint resource at ${request.path}`] } };
    },
    faultReply(_request, status, retryAfterSeconds): SandboxReply {
      return {
        status,
        headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
        body: { errors: [status === 429 ? 'Too many requests' : 'Service unavailable'] },
      };
    },
  };
}
