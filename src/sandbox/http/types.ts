// The sandbox's own request/reply values: services are functions from one to the other, which
// keeps them testable and lets Graph's $batch run inner requests through the same code.
import type { FaultKind } from '../types.ts';

export interface SandboxRequest {
  method: string;
  /** Percent-decoded path, e.g. "/graph/v1.0/applications(uniqueName='x')". */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  rawBody: string;
  /** The body's exact bytes (binary uploads such as Azure Put Block). */
  rawBytes?: Buffer;
  requestId: string;
}

export interface SandboxReply {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialisable body; undefined = empty body. */
  body?: unknown;
  /** The request changed state: persist it. */
  mutated?: boolean;
  /** Graph types of the bodies, for the fidelity harness. */
  graphTypes?: { request?: string; response?: string };
  /** Redacted form of the parsed request body for the log, when the service parsed it. */
  loggedRequestBody?: unknown;
  /** Sent as is instead of JSON (binary downloads, XML); `body` is then only what the log shows. */
  rawPayload?: Buffer | string;
}

/** What a fault rule decided for one call. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: Extract<FaultKind, 'reset' | 'timeout' | 'crash-before' | 'crash-after'> };

export interface FaultCall {
  service: string;
  method: string;
  path: string;
}

export interface EmulatedService {
  /** First path segment: '/login', '/graph', ... */
  readonly name: string;
  handle(request: SandboxRequest): Promise<SandboxReply>;
  /** The service's own body for an injected error status (e.g. Graph's TooManyRequests). */
  faultReply(request: SandboxRequest, status: number, retryAfterSeconds?: number): SandboxReply;
}
