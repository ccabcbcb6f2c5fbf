// Public entry of the sandbox: a stateful loopback emulator of the services sop-integrate talks to.
import { IssuedSecrets, type SandboxContext } from './context.ts';
import { createControlService } from './control/control-service.ts';
import { createGraphService } from './graph/graph-service.ts';
import { Faults } from './http/faults.ts';
import { startHttpServer } from './http/server.ts';
import { createLoginService } from './identity/login-service.ts';
import { expireAllTokens } from './identity/tokens.ts';
import { seededClientSecret } from './ids.ts';
import { diffStates } from './state/diff.ts';
import { StateStore } from './state/store.ts';
import type { Sandbox, SandboxOptions } from './types.ts';

export type * from './types.ts';
export { isEmptyDiff } from './state/diff.ts';
export { GRAPH_APP_ID, EXCHANGE_APP_ID } from './seed/first-party-roles.ts';

export const DEFAULT_SANDBOX_SEED = 7331;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = new StateStore(options.seed ?? DEFAULT_SANDBOX_SEED, options.stateFile);
  const { state } = store;
  const faults = new Faults(state.seed);
  for (const rule of options.faults ?? []) faults.add(rule);
  const secrets = new IssuedSecrets();
  const clientSecret = seededClientSecret(state.seed);
  secrets.register(clientSecret);

  let url = '';
  const ctx: SandboxContext = {
    store,
    faults,
    secrets,
    requests: [],
    baseUrl: () => url,
    now: () => Date.now(),
  };
  const services = [createLoginService(ctx), createGraphService(ctx), createControlService(ctx)];
  const server = await startHttpServer(ctx, services, {
    port: options.port ?? 0,
    latencyMs: options.latencyMs ?? 0,
  });
  url = server.url;

  return {
    url,
    tenantId: state.tenant.id,
    credentials: { clientId: state.tenant.automationAppId, clientSecret },
    endpoints: { login: `${url}/login`, graph: `${url}/graph`, exchange: `${url}/exchange` },
    faults,
    snapshot: () => store.snapshot(),
    diff: (before, after, diffOptions) => diffStates(before, after, diffOptions),
    requests: ctx.requests,
    issuedSecrets: () => secrets.list(),
    expireTokens: () => {
      expireAllTokens(ctx);
      store.save();
    },
    close: () => server.close(),
  };
}
