// The one registry of service clients: one entry per src/services/<service>/client/ folder.
// test/adapters/registry.test.ts fails when a service's client is missing here.
import type { TokenCredential } from '@azure/identity';
import type { ToolConfig } from '../config/types.ts';
import type { Redactor } from '../redact.ts';
import type { HttpPolicy } from '../core/http/index.ts';
import type { Services } from './services.ts';

export interface AdapterDeps {
  config: ToolConfig;
  redactor: Redactor;
  policy: HttpPolicy;
  /** One credential per run, shared so tokens are cached once. */
  credential(): TokenCredential;
}

export interface AdapterEntry<Name extends keyof Services> {
  /** The service's folder under src/services/. */
  folder: string;
  service: Name;
  /** Imported lazily so a command that never calls the service never loads its SDK. */
  create(deps: AdapterDeps): Promise<Awaited<ReturnType<Services[Name]>>>;
}

export const adapterRegistry = {
  graph: {
    folder: 'graph',
    service: 'graph',
    async create(deps) {
      const { createGraphClient } = await import('./graph/client/index.ts');
      return createGraphClient({
        baseUrl: deps.config.endpoints.graph,
        credential: deps.credential(),
        policy: deps.policy,
        redactor: deps.redactor,
      });
    },
  },
  exchange: {
    folder: 'exchange',
    service: 'exchange',
    async create(deps) {
      const [{ createExchangeClient }, { createGraphClient }] = await Promise.all([
        import('./exchange/client/index.ts'),
        import('./graph/client/index.ts'),
      ]);
      const credential = deps.credential();
      let graph: ReturnType<typeof createGraphClient> | undefined;
      return createExchangeClient({
        baseUrl: deps.config.endpoints.exchange,
        tenantId: deps.config.tenantId,
        credential,
        policy: deps.policy,
        redactor: deps.redactor,
        // Message trace prefers Graph; the same credential asks for a Graph token.
        graph: () =>
          Promise.resolve(
            (graph ??= createGraphClient({
              baseUrl: deps.config.endpoints.graph,
              credential,
              policy: deps.policy,
              redactor: deps.redactor,
            })),
          ),
      });
    },
  },
  ninjaone: {
    folder: 'ninjaone',
    service: 'ninjaone',
    async create(deps) {
      const { createNinjaOneClient } = await import('./ninjaone/client/index.ts');
      const settings = deps.config.ninjaone;
      if (!settings?.clientId || !settings.clientSecret) {
        const { InputError } = await import('../errors.ts');
        throw new InputError('NinjaOne API credentials are not configured', [], {
          hint: 'Set ninjaone.clientId in the config file (or SOP_INTEGRATE_NINJAONE_CLIENT_ID) and SOP_INTEGRATE_NINJAONE_CLIENT_SECRET.',
        });
      }
      return createNinjaOneClient({
        region: deps.config.endpoints.ninjaone ?? settings.region,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        policy: deps.policy,
        redactor: deps.redactor,
      });
    },
  },
  dns: {
    folder: 'dns',
    service: 'dns',
    async create(deps) {
      const { createDnsAdapter } = await import('./dns/client/from-config.ts');
      return createDnsAdapter(deps);
    },
  },
  proofpoint: {
    folder: 'proofpoint',
    service: 'proofpoint',
    async create(deps) {
      const { createProofpointAdapter } = await import('./proofpoint/client/from-config.ts');
      return createProofpointAdapter(deps);
    },
  },
} satisfies { [Name in keyof Services]: AdapterEntry<Name> };

export const adapterFolders: readonly string[] = Object.values(adapterRegistry).map((entry) => entry.folder);

/** Folders under src/services/ that hold no client of their own. */
export const sharedAdapterFolders: readonly string[] = ['http', 'credentials'];
