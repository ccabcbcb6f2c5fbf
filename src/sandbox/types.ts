// Public types of the sandbox. Other parts of the tool (adapters' tests, the CLI's --sandbox mode)
// code against these, so they change only by addition.
import type { Endpoints } from '../config/types.ts';
import type { SandboxState } from './state/model.ts';
import type { MailDelivery, MailInput } from './mail/send-mail.ts';

/**
 * `crash-before` / `crash-after` kill the process hosting the sandbox (SIGKILL) when the call
 * arrives, or once it was applied and saved: with the in-process sandbox of `--sandbox`, that is
 * the tool itself crashing right after sending a mutation, or right after the service applied it.
 */
export type FaultKind =
  | 'latency'
  | 'status'
  | 'reset'
  | 'timeout'
  | 'crash-before'
  | 'crash-after'
  /** A new directory object stays invisible to other calls for `ms` (Entra replication, see graph/replication.ts). */
  | 'replication-lag';

/** One way to misbehave. A rule matches by service, method and path, then fires by nth/rate/times. */
export interface FaultRule {
  /** 'login' | 'graph' | 'exchange' | later services; omitted = every service. */
  service?: string;
  method?: string;
  /** Substring of the request path (e.g. '/applications'), or '/regex/' written as a string. */
  path?: string;
  kind: FaultKind;
  /** latency: extra milliseconds before the real answer; replication-lag: how long a new object stays unseen. */
  ms?: number;
  /** status: the HTTP status to answer with (default 503). */
  status?: number;
  /** status: value of the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /** Fire with this probability (0..1), drawn from the sandbox's seeded generator. */
  rate?: number;
  /** Fire only on the Nth matching call (1-based). */
  nth?: number;
  /** Fire at most this many times. */
  times?: number;
}

export interface FaultController {
  add(rule: FaultRule): string;
  remove(id: string): boolean;
  clear(): void;
  list(): Array<FaultRule & { id: string; fired: number; matched: number }>;
}

export interface SandboxOptions {
  /** 0 or omitted: pick a free port. */
  port?: number;
  /** Load state from this file if present, and save it after every mutating request. */
  stateFile?: string;
  /** Added to every request. */
  latencyMs?: number;
  faults?: FaultRule[];
  /**
   * Whether the tenant has Microsoft Entra ID P1/P2 (default true). Without it Graph answers the
   * sign-in log with 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant, as a real tenant does.
   */
  entraIdPremium?: boolean;
  /** Drives every seeded id and the fault generator, so snapshots are stable run to run. */
  seed?: number;
  /**
   * Trust the sandbox's CA in this process (Node's default CA list, this thread only), so in-process
   * clients reach it over verified HTTPS. Default true; `sandbox start` serves other processes,
   * which are given the CA file instead (`caCertPath`).
   */
  trustInProcess?: boolean;
  /** Seeding of the DNS zones when the state is new, e.g. `{ mxTtl: 2 }` so tests wait seconds. */
  dns?: {
    mxTtl?: number;
    /** Seed contoso's MX and SPF with Cloudflare's "automatic" TTL (300 s). */
    automaticTtl?: boolean;
    minTtl?: number;
    /** Milliseconds a Route 53 change stays PENDING before GetChange says INSYNC (default 300). */
    route53ChangeDelayMs?: number;
  };
}

/** How to reach the sandbox's DNS: the loopback authoritative server and the Cloudflare-style API. */
export interface SandboxDns {
  nameserver: { host: string; port: number };
  cloudflareToken: string;
  /** GET ?name=&type=: a caching resolver's view (answers from cache until the TTL runs out). */
  resolverUrl: string;
  /** Where the zones live in the emulated Azure DNS (ARM at `endpoints.azureResourceManager`). */
  azure: { subscriptionId: string; resourceGroup: string };
  /** The emulated Route 53 (at `endpoints.route53`): its SigV4 key, region and hosted zone ids by zone name. */
  route53: {
    accessKeyId: string;
    secretAccessKey: string;
    region: string;
    hostedZoneIds?: Record<string, string>;
  };
}

/** The sandbox's Proofpoint credentials (sandbox-only; valid nowhere else). */
export interface SandboxProofpoint {
  essentials: { baseUrl: string; orgDomain: string; user: string; password: string };
  tap: { baseUrl: string; principal: string; secret: string };
  /** The emulated admin-portal pages without API (sandbox only). */
  portalUrl: string;
  /** POST here to send a message through the mail simulation (`{url}/_sandbox/mail/send`). */
  mailUrl: string;
}

export type SandboxSnapshot = SandboxState;

export interface DiffEntry {
  /** Singular entity kind, e.g. 'application', 'appRoleAssignment'. */
  kind: string;
  /** State collection path, e.g. 'directory.applications'. */
  collection: string;
  id: string;
  displayName: string;
  /** Top-level fields whose values differ (only for changed entries). */
  changedFields?: string[];
  before?: unknown;
  after?: unknown;
}

export interface StateDiff {
  created: DiffEntry[];
  changed: DiffEntry[];
  deleted: DiffEntry[];
}

export interface DiffOptions {
  /** Include sign-in logs (directory.signIns). */
  includeSignIns?: boolean;
}

export interface RequestLogEntry {
  at: string;
  service: string;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  durationMs: number;
  requestId: string;
  /** Request body, parsed when JSON or form, with secrets redacted. */
  requestBody: unknown;
  /** Response body as sent, with secrets redacted. */
  responseBody: unknown;
  /** The fault that shaped this answer, if any. */
  fault?: FaultKind;
  /** Set for the inner requests of a Graph $batch. */
  batchItemOf?: string;
  /** The Graph types of the bodies (for the fidelity harness), e.g. 'microsoft.graph.application'. */
  graphTypes?: { request?: string; response?: string };
}

export interface Sandbox {
  /** https://127.0.0.1:PORT (certificate from the sandbox's own CA) */
  url: string;
  /** PEM file of the CA that signed the sandbox's certificate (for NODE_EXTRA_CA_CERTS). */
  caCertPath: string;
  /** That CA's certificate (PEM). */
  caCertificate: string;
  tenantId: string;
  /** The tool's own automation app in the tenant (sandbox-only credential). */
  credentials: { clientId: string; clientSecret: string };
  endpoints: Endpoints;
  /** The emulated Azure Key Vault's vault URL (its own loopback HTTPS listener), for `secretStore: keyvault`. */
  keyVaultUrl: string;
  dns: SandboxDns;
  proofpoint: SandboxProofpoint;
  /** The emulated NinjaOne instance (API client, install token) and knobs for tests. */
  ninjaone: SandboxNinjaOne;
  faults: FaultController;
  /** Deep copy of all state. */
  snapshot(): SandboxSnapshot;
  diff(before: SandboxSnapshot, after: SandboxSnapshot, options?: DiffOptions): StateDiff;
  requests: RequestLogEntry[];
  /** Every secret value the sandbox issued (client secrets, tokens). */
  issuedSecrets(): string[];
  /** Make every token issued so far expire now (to test 401 on expiry). */
  expireTokens(): void;
  /** Send one message through the mail simulation under the current state, and save. */
  sendMail(message: MailInput): MailDelivery;
  close(): Promise<void>;
}

export interface SandboxNinjaOne {
  /** `${url}/ninjaone`: the instance base URL (what a region key resolves to in real life). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The organization's agent install token (sandbox-only). */
  installToken: string;
  /** Publish another agent build (changes the installer's ProductVersion and ProductCode). */
  setAgentVersion(version: string): void;
  /** Size of the filler inside the installer MSI the sandbox serves (default 48 KiB), for large downloads. */
  setInstallerPayloadBytes(bytes: number): void;
  /** Add a lazily generated fleet of this many devices on both sides (NinjaOne and Intune). */
  seedSyntheticFleet(devices: number): void;
}
