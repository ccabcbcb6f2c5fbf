// Shapes shared by the Graph emulator's dispatcher, routes and $batch.
import type { SandboxContext } from '../../../sandbox/context.ts';
import type { Router } from '../../../sandbox/http/router.ts';
import type { IssuedToken } from '../../../sandbox/state/model.ts';

export interface GraphCall {
  method: string;
  /** Path under /v1.0, e.g. "/applications(uniqueName='x')". */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  requestId: string;
  clientRequestId: string;
  token: IssuedToken;
}

export interface GraphResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  mutated?: boolean;
  graphTypes?: { request?: string; response?: string };
}

export type GraphHandler = (call: GraphCall, params: Record<string, string>) => GraphResult;

export interface GraphRouteMeta {
  /** The token needs any one of these app roles. */
  roles: readonly string[];
  /** Graph type of the request body for the fidelity log; bound actions as 'action:<binding type>/<name>'. */
  requestType?: string;
}

export type GraphRouter = Router<GraphHandler, GraphRouteMeta>;

export interface GraphDeps {
  ctx: SandboxContext;
  /** http://127.0.0.1:PORT/graph/v1.0 */
  graphUrl(): string;
}
