// Fleets: one runbook across many tenants (`--tenants tenants.yaml`).
export { runFleet, isTenantFailure } from './run-fleet.ts';
export { loadFleet, type LoadedFleet } from './load-fleet.ts';
export { readTenantsFile, parseTenantsText, type LoadedTenants } from './tenants-file.ts';
export { parseShard, selectShard, shardOf, type Shard } from './shard.ts';
export { parseMaxErrors, toleratedFailures, type MaxErrors } from './max-errors.ts';
export { worstExitCode } from './exit-code.ts';
export { sandboxSeedFor } from './sandbox-seed.ts';
export { summaryTable, summaryRows, summaryLine } from './summary.ts';
export type * from './types.ts';
