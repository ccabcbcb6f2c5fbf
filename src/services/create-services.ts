// Builds the Services object the engine hands to steps: each adapter is created on first use
// and then reused for the run; all share one credential and one HTTP policy.
import type { TokenCredential } from '@azure/identity';
import type { ToolConfig } from '../config/types.ts';
import type { Redactor } from '../redact.ts';
import { createCredential } from '../core/credentials/index.ts';
import { createHttpPolicy, type HttpPolicy } from '../core/http/index.ts';
import { adapterRegistry, type AdapterDeps } from './registry.ts';
import type { Services } from './services.ts';

export interface CreateServicesOptions {
  policy?: HttpPolicy;
  /** Overrides the configured credential (tests, or the CLI's device-code prompt wiring). */
  credential?: TokenCredential;
  onDeviceCode?: (message: string) => void;
}

export function createServices(
  config: ToolConfig,
  redactor: Redactor,
  options: CreateServicesOptions = {},
): Services {
  const policy = options.policy ?? createHttpPolicy();
  let credential = options.credential;
  const deps: AdapterDeps = {
    config,
    redactor,
    policy,
    credential: () =>
      (credential ??= createCredential(config.credential, config.endpoints, {
        redactor,
        policy,
        ...(options.onDeviceCode ? { onDeviceCode: options.onDeviceCode } : {}),
      })),
  };
  const cache = new Map<string, Promise<unknown>>();
  const lazy = <Name extends keyof Services>(name: Name) =>
    (() => {
      let pending = cache.get(name);
      if (!pending) {
        pending = adapterRegistry[name].create(deps);
        pending.catch(() => cache.delete(name));
        cache.set(name, pending);
      }
      return pending;
    }) as Services[Name];
  return {
    graph: lazy('graph'),
    exchange: lazy('exchange'),
    ninjaone: lazy('ninjaone'),
    dns: lazy('dns'),
    proofpoint: lazy('proofpoint'),
  };
}
