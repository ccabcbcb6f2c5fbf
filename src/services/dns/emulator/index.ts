// The DNS part of the sandbox: zone data, the loopback authoritative server, the Cloudflare API.
import type { StateStore } from '../../../sandbox/state/store.ts';
import { seedDns, type DnsSeedOptions } from './seed.ts';

export { createDnsService, sandboxCloudflareToken } from './dns-service.ts';
export { createAzureDnsService, sandboxAzureDns } from './azure-service.ts';
export {
  createRoute53Service,
  hostedZoneIdOf,
  sandboxRoute53,
  sandboxRoute53Credentials,
  type Route53ServiceOptions,
} from './route53-service.ts';
export { startDnsServer, type RunningDnsServer } from './dns-server.ts';
export { resolveCached, type ResolverAnswer } from './resolver-cache.ts';
export { DEFAULT_MX_TTL, type DnsSeedOptions } from './seed.ts';
export type * from './model.ts';

/** Adds the DNS section to a state that has none (a new sandbox, or a state file from before DNS). */
export function ensureDnsState(store: StateStore, options: DnsSeedOptions = {}): void {
  if (store.state.dns !== undefined) return;
  store.state.dns = seedDns(store.state.seed, options);
  store.save();
}
