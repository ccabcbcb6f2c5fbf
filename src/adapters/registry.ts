// The one registry of adapters: one entry per folder under src/adapters/ (except the shared
// http/ and credentials/ layers). test/adapters/registry.test.ts fails when a folder is missing.
import type { TokenCredential } from '@azure/identity';
import type { ToolConfig } from '../config/types.ts';
import type { Redactor } from '../redact.ts';
import type { HttpPolicy } from './http/index.ts';
import type { Services } from './services.ts';

export interface AdapterDeps {
  config: ToolConfig;
  redactor: Redactor;
  policy: HttpPolicy;
  /** One credential per run, shared so tokens are cached once. */
  credential(): TokenCredential;
}

export interface AdapterEntry<Name extends keyof Services> {
  /** The folder name under src/adapters/. */
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
      const { createGraphClient } = await import('./graph/index.ts');
      return createGraphClient({
        baseUrl: deps.config.endpoints.graph,
        credential: deps.credential(),
        policy: deps.policy,
        redactor: deps.redactor,
      });
    },
  },
} satisfies { [Name in keyof Services]: AdapterEntry<Name> };

export const adapterFolders: readonly string[] = Object.values(adapterRegistry).map((entry) => entry.folder);

/** Folders under src/adapters/ that are shared layers, not adapters. */
export const sharedAdapterFolders: readonly string[] = ['http', 'credentials'];
