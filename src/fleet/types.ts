// Public types of fleet runs: what runFleet takes and what it returns per tenant.
import type { RunFlags } from '../cli/options.ts';
import type { RunEvent } from '../engine/types.ts';
import type { MaxErrors } from './max-errors.ts';
import type { TenantEntry } from './tenants-schema.ts';

export type { TenantEntry } from './tenants-schema.ts';

export type TenantOutcome =
  | 'succeeded'
  | 'dry-run'
  | 'failed'
  | 'rolled-back'
  | 'waiting'
  | 'refused'
  | 'invalid'
  | 'interrupted'
  | 'not-started';

export interface TenantResult {
  name: string;
  /** As listed in the tenants file. */
  tenantId: string;
  /** With --sandbox: the id of the tenant's own sandbox tenant (journal and lock key). */
  sandboxTenantId?: string;
  outcome: TenantOutcome;
  /** The exit code this tenant alone would have given (README "Exit codes"). */
  exitCode: number;
  /** Planned changes (dry run) or changes the run made. */
  changes: number;
  /** When this tenant's run began (ISO 8601); absent when it never started. */
  startedAt?: string;
  durationMs: number;
  runId?: string;
  error?: { code: string; message: string };
}

export interface FleetOptions {
  integration: string;
  phase: number;
  /** The tenants to run (already sharded), in order. */
  tenants: readonly TenantEntry[];
  /** The tenants file: relative `config:` paths resolve against its folder. */
  tenantsFile: string;
  /** The flags every tenant's run shares (config, sandbox, state dir, approvals, output, ...). */
  flags: RunFlags;
  dryRun?: boolean;
  /** With dryRun: a tenant with changes to make exits 4 (only matters for the fleet's code). */
  detailedExitcode?: boolean;
  concurrency: number;
  maxErrors?: MaxErrors;
  /** Aborting stops new tenants and lets running ones stop at the engine's next safe point. */
  signal?: AbortSignal;
  /** Cap per tenant and service, on top of Retry-After pauses. */
  maxRequestsPerSecond?: number;
  /** With --sandbox: latency every tenant's sandbox adds (a tenant's own `sandbox.latencyMs` wins). */
  sandboxLatencyMs?: number;
  /** With --sandbox: MX TTL (seconds) of each new sandbox tenant, so the SOP's TTL wait is short. */
  sandboxMxTtl?: number;
  /** Every engine event of every tenant. */
  onEvent?: (tenant: TenantEntry, event: RunEvent) => void;
  onTenantFinished?: (result: TenantResult) => void;
  /** Lines the tenant's run prints (sandbox stand-in notes); dropped when absent. */
  onTenantLine?: (tenant: TenantEntry, stream: 'out' | 'err', line: string) => void;
}

export interface FleetResult {
  results: TenantResult[];
  exitCode: number;
  /** True when --max-errors or a signal left tenants unstarted. */
  stoppedEarly: boolean;
  durationMs: number;
}
