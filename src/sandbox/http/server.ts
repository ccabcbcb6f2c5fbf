// The loopback HTTPS server (certificate from the sandbox's own CA, see tls.ts): reads each request, applies global latency and fault rules, hands it
// to the service that owns its first path segment, writes the reply, logs it, persists state.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxContext } from '../context.ts';
import { queryRecord, recordRequest } from './log.ts';
import type { EmulatedService, SandboxReply, SandboxRequest } from './types.ts';

export interface HttpServerOptions {
  port: number;
  latencyMs: number;
  /** The server certificate and key (PEM). */
  tls: { certPem: string; keyPem: string };
  /**
   * Serve one service at the root of this listener, as a service with its own host does (a Key
   * Vault is `https://<vault>/secrets/...`): each path is dispatched as if under this prefix.
   */
  mount?: string;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const UNFAULTABLE = new Set(['_sandbox']);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function toRequest(req: IncomingMessage, rawBytes: Buffer, mount = ''): SandboxRequest {
  const url = new URL(`${mount}${req.url ?? '/'}`, 'https://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: safeDecode(url.pathname),
    query: url.searchParams,
    headers,
    rawBody: rawBytes.toString('utf8'),
    rawBytes,
    requestId: randomUUID(),
  };
}

function write(res: ServerResponse, reply: SandboxReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | Buffer | undefined;
  if (reply.rawPayload !== undefined) {
    payload = reply.rawPayload;
  } else if (reply.body !== undefined && reply.status !== 204) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function parsedForLog(request: SandboxRequest): unknown {
  if (request.rawBody === '') return undefined;
  try {
    return JSON.parse(request.rawBody) as unknown;
  } catch {
    return request.rawBody;
  }
}

export async function startHttpServer(
  ctx: SandboxContext,
  services: EmulatedService[],
  options: HttpServerOptions,
): Promise<RunningServer> {
  const byName = new Map(services.map((s) => [s.name, s]));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const request = toRequest(req, await readBody(req), options.mount);
    const serviceName = request.path.split('/')[1] ?? '';
    const service = byName.get(serviceName);
    const log = (
      status: number,
      reply: SandboxReply | undefined,
      fault?: 'latency' | 'status' | 'reset' | 'timeout',
    ) =>
      recordRequest(ctx, {
        at: new Date(started).toISOString(),
        service: serviceName,
        method: request.method,
        path: request.path,
        query: queryRecord(request.query),
        status,
        durationMs: Date.now() - started,
        requestId: request.requestId,
        requestBody: reply?.loggedRequestBody ?? parsedForLog(request),
        responseBody: reply?.body,
        ...(fault === undefined ? {} : { fault }),
        ...(reply?.graphTypes === undefined ? {} : { graphTypes: reply.graphTypes }),
      });

    if (!service) {
      const reply = {
        status: 404,
        body: { error: 'not_found', message: `The sandbox serves no service at ${request.path}` },
      };
      write(res, reply);
      log(404, reply);
      return;
    }
    if (!UNFAULTABLE.has(service.name)) {
      if (options.latencyMs > 0) await sleep(options.latencyMs);
      const decision = ctx.faults.decide({
        service: service.name,
        method: request.method,
        path: request.path,
      });
      if (decision.kind === 'reset') {
        log(0, undefined, 'reset');
        resetConnection(req);
        return;
      }
      if (decision.kind === 'crash-before') crashNow(ctx);
      if (decision.kind === 'timeout') {
        log(0, undefined, 'timeout');
        return; // never answered; close() drops the connection
      }
      if (decision.kind === 'status') {
        const reply = service.faultReply(request, decision.status, decision.retryAfterSeconds);
        write(res, reply);
        log(reply.status, reply, 'status');
        return;
      }
      if (decision.kind === 'latency') await sleep(decision.ms);
      const reply = await service.handle(request);
      write(res, reply);
      log(reply.status, reply, decision.kind === 'latency' ? 'latency' : undefined);
      if (reply.mutated === true) ctx.store.saveSoon();
      if (decision.kind === 'crash-after') crashNow(ctx);
      return;
    }
    const reply = await service.handle(request);
    write(res, reply);
    log(reply.status, reply);
    if (reply.mutated === true) ctx.store.saveSoon();
  }

  const server: Server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        write(res, {
          status: 500,
          body: { error: 'sandbox_failure', message: error instanceof Error ? error.message : String(error) },
        });
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Drop the connection with a TCP RST, as a reset by a load balancer does. A TLS socket wraps the
 * TCP one; resetAndDestroy works on the TCP socket only, so it is reset underneath the TLS layer.
 */
function resetConnection(req: IncomingMessage): void {
  const socket = req.socket as TLSSocket & { _parent?: Socket | null };
  const tcp = socket._parent ?? socket;
  try {
    tcp.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** A crash rehearsal: save what the service has applied, then die without any cleanup. */
function crashNow(ctx: SandboxContext): never {
  ctx.store.save();
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: the process was killed');
}
