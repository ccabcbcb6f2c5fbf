// Public entry of the sandbox: a stateful loopback emulator of the services sop-integrate talks to.
import { IssuedSecrets, type SandboxContext } from './context.ts';
import { createControlService } from './control/control-service.ts';
import { createGraphService } from '../services/graph/emulator/graph-service.ts';
import { createExchangeService } from '../services/exchange/emulator/index.ts';
import {
  createDnsService,
  ensureDnsState,
  sandboxCloudflareToken,
  startDnsServer,
} from '../services/dns/emulator/index.ts';
import { createAzureDnsService, sandboxAzureDns } from '../services/dns/emulator/index.ts';
import { createRoute53Service, sandboxRoute53 } from '../services/dns/emulator/index.ts';
import { createProofpointService } from '../services/proofpoint/emulator/proofpoint-service.ts';
import {
  sandboxProofpointSecrets,
  sandboxTapPrincipal,
  SANDBOX_ESSENTIALS_ORG,
  SANDBOX_ESSENTIALS_USER,
} from '../services/proofpoint/emulator/seed.ts';
import { Faults } from './http/faults.ts';
import { createBlobService } from '../services/graph/emulator/intune/index.ts';
import {
  createNinjaOneService,
  ensureNinjaOneState,
  sandboxNinjaOne,
} from '../services/ninjaone/emulator/index.ts';
import { startHttpServer } from './http/server.ts';
import { sandboxTls, trustInThisProcess } from './http/tls.ts';
import path from 'node:path';
import { createLoginService } from './identity/login-service.ts';
import { createKeyVaultService } from './keyvault/index.ts';
import { expireAllTokens } from './identity/tokens.ts';
import { seededClientSecret } from './ids.ts';
import { diffStates } from './state/diff.ts';
import { sendMail } from './mail/send-mail.ts';
import { StateStore } from './state/store.ts';
import type { Sandbox, SandboxOptions } from './types.ts';

export type * from './types.ts';
export { isEmptyDiff } from './state/diff.ts';
export { GRAPH_APP_ID, EXCHANGE_APP_ID } from './seed/first-party-roles.ts';
export {
  exchangeRouteFor,
  recordMessageTrace,
  type ExchangeRoute,
  type MessageTraceInput,
  type RouteQuery,
} from '../services/exchange/emulator/index.ts';

export { sendMail, type MailDelivery, type MailInput } from './mail/index.ts';

export const DEFAULT_SANDBOX_SEED = 7331;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = new StateStore(options.seed ?? DEFAULT_SANDBOX_SEED, options.stateFile);
  const { state } = store;
  if (options.entraIdPremium !== undefined) state.tenant.entraIdPremium = options.entraIdPremium;
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
  const services = [
    createLoginService(ctx),
    createGraphService(ctx),
    createExchangeService(ctx),
    createControlService(ctx),
  ];
  ensureDnsState(store, options.dns);
  services.push(createDnsService(ctx), createProofpointService(ctx));
  services.push(createAzureDnsService(ctx));
  services.push(createRoute53Service(ctx, { changeDelayMs: options.dns?.route53ChangeDelayMs }));
  ensureNinjaOneState(store);
  services.push(createNinjaOneService(ctx), createBlobService(ctx));
  let vaultUrl = '';
  const keyVault = createKeyVaultService(ctx, () => vaultUrl);
  services.push(keyVault);
  const tls = sandboxTls(options.stateFile === undefined ? undefined : path.dirname(options.stateFile));
  if (options.trustInProcess !== false) trustInThisProcess(tls.caPem);
  const dnsServer = await startDnsServer(ctx);
  const server = await startHttpServer(ctx, services, {
    port: options.port ?? 0,
    latencyMs: options.latencyMs ?? 0,
    tls,
  });
  url = server.url;
  // The vault is a host of its own, as real vaults are: a second listener with the vault at its root.
  const vaultServer = await startHttpServer(ctx, [keyVault], {
    port: 0,
    latencyMs: options.latencyMs ?? 0,
    tls,
    mount: '/keyvault',
  });
  vaultUrl = vaultServer.url;

  return {
    url,
    caCertPath: tls.caPath,
    caCertificate: tls.caPem,
    tenantId: state.tenant.id,
    credentials: { clientId: state.tenant.automationAppId, clientSecret },
    endpoints: {
      login: `${url}/login`,
      graph: `${url}/graph`,
      exchange: `${url}/exchange`,
      dnsApi: `${url}/dns/client/v4`,
      azureResourceManager: `${url}/arm`,
      route53: `${url}/route53`,
      proofpoint: `${url}/proofpoint`,
      ninjaone: `${url}/ninjaone`,
    },
    keyVaultUrl: vaultUrl,
    dns: {
      nameserver: { host: dnsServer.host, port: dnsServer.port },
      cloudflareToken: sandboxCloudflareToken(state.seed),
      resolverUrl: `${url}/dns/resolver/resolve`,
      azure: sandboxAzureDns(state.seed),
      route53: sandboxRoute53(ctx),
    },
    proofpoint: {
      essentials: {
        baseUrl: `${url}/proofpoint/essentials/api/v1`,
        orgDomain: SANDBOX_ESSENTIALS_ORG,
        user: SANDBOX_ESSENTIALS_USER,
        password: sandboxProofpointSecrets(state.seed).essentialsPassword,
      },
      tap: {
        baseUrl: `${url}/proofpoint/tap`,
        principal: sandboxTapPrincipal(state.seed),
        secret: sandboxProofpointSecrets(state.seed).tapSecret,
      },
      portalUrl: `${url}/proofpoint/_portal`,
      mailUrl: `${url}/_sandbox/mail/send`,
    },
    ninjaone: sandboxNinjaOne(ctx),
    faults,
    snapshot: () => store.snapshot(),
    diff: (before, after, diffOptions) => diffStates(before, after, diffOptions),
    requests: ctx.requests,
    issuedSecrets: () => secrets.list(),
    expireTokens: () => {
      expireAllTokens(ctx);
      store.save();
    },
    sendMail: (message) => {
      const delivery = sendMail(state, message, new Date(ctx.now()));
      store.save();
      return delivery;
    },
    close: async () => {
      await dnsServer.close();
      await server.close();
      await vaultServer.close();
      store.flush();
    },
  };
}
