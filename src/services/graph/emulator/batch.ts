// JSON batching: at most 20 inner requests, run in dependsOn order through the same dispatcher;
// each inner request meets fault rules on its own, so one item can be throttled (429) while the
// batch itself answers 200. Dependants of a failed request get 424.
import { setTimeout as sleep } from 'node:timers/promises';
import { queryRecord, recordRequest } from '../../../sandbox/http/log.ts';
import { graphFaultBody } from './errors.ts';
import { dispatchGraph, errorResult, type UnauthenticatedCall } from './dispatch.ts';
import type { GraphDeps, GraphResult, GraphRouter } from './types.ts';

export const MAX_BATCH_REQUESTS = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function parseItems(body: unknown): BatchItem[] | string {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) return "The batch payload must have a 'requests' array.";
  // The service rejects an oversized batch as a whole; this wording is the sandbox's own.
  if (requests.length > MAX_BATCH_REQUESTS)
    return `Too many requests in the batch: ${requests.length}. The maximum is ${MAX_BATCH_REQUESTS}.`;
  const items: BatchItem[] = [];
  for (const raw of requests as Array<Record<string, unknown>>) {
    if (typeof raw?.id !== 'string' || typeof raw.method !== 'string' || typeof raw.url !== 'string') {
      return "Each batch request needs string 'id', 'method' and 'url'.";
    }
    const headers = Object.fromEntries(
      Object.entries((raw.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k.toLowerCase(),
        String(v),
      ]),
    );
    const dependsOn = Array.isArray(raw.dependsOn) ? raw.dependsOn.map(String) : [];
    items.push({
      id: raw.id,
      method: raw.method.toUpperCase(),
      url: raw.url,
      headers,
      body: raw.body,
      dependsOn,
    });
  }
  const ids = new Set(items.map((i) => i.id));
  if (ids.size !== items.length) return 'Batch request ids must be unique.';
  for (const item of items) {
    for (const dep of item.dependsOn)
      if (!ids.has(dep)) return `Request '${item.id}' depends on unknown request '${dep}'.`;
  }
  return items;
}

/** Items in an order where every dependency comes first; undefined on a cycle. */
function executionOrder(items: BatchItem[]): BatchItem[] | undefined {
  const done = new Set<string>();
  const order: BatchItem[] = [];
  while (order.length < items.length) {
    const next = items.find((i) => !done.has(i.id) && i.dependsOn.every((d) => done.has(d)));
    if (!next) return undefined;
    done.add(next.id);
    order.push(next);
  }
  return order;
}

export async function runBatch(
  deps: GraphDeps,
  router: GraphRouter,
  outer: UnauthenticatedCall,
): Promise<GraphResult> {
  const parsed = parseItems(outer.body);
  if (typeof parsed === 'string') return errorResult(outer, 400, 'BadRequest', parsed);
  const order = executionOrder(parsed);
  if (!order) return errorResult(outer, 400, 'BadRequest', 'The dependsOn graph of the batch has a cycle.');

  const statuses = new Map<string, number>();
  const responses = new Map<string, BatchItemResponse>();
  let mutated = false;
  for (const item of order) {
    const started = Date.now();
    const url = new URL(item.url.replace(/^\/?/, '/'), 'http://batch.invalid');
    const path = decodeURIComponent(url.pathname);
    const call: UnauthenticatedCall = {
      method: item.method,
      path,
      query: url.searchParams,
      headers: { ...item.headers, authorization: outer.headers.authorization ?? '' },
      body: item.body,
      requestId: `${outer.requestId}-${item.id}`,
      clientRequestId: outer.clientRequestId,
    };
    let result: GraphResult;
    let fault: 'status' | 'latency' | undefined;
    if (item.dependsOn.some((d) => (statuses.get(d) ?? 500) >= 400)) {
      result = errorResult(call, 424, 'FailedDependency', 'The request depends on a request that failed.');
    } else {
      const decision = deps.ctx.faults.decide({
        service: 'graph',
        method: item.method,
        path: `/graph/v1.0${path}`,
      });
      if (decision.kind === 'latency') {
        fault = 'latency';
        await sleep(decision.ms);
      }
      if (decision.kind === 'status') {
        fault = 'status';
        const headers: Record<string, string> =
          decision.retryAfterSeconds === undefined
            ? {}
            : { 'retry-after': String(decision.retryAfterSeconds) };
        result = { status: decision.status, headers, body: graphFaultBody(decision.status, call) };
      } else {
        result = dispatchGraph(deps, router, call);
      }
    }
    mutated ||= result.mutated === true;
    statuses.set(item.id, result.status);
    const headers = {
      ...(result.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...result.headers,
    };
    responses.set(item.id, {
      id: item.id,
      status: result.status,
      headers,
      ...(result.body === undefined ? {} : { body: result.body }),
    });
    recordRequest(deps.ctx, {
      at: new Date(started).toISOString(),
      service: 'graph',
      method: item.method,
      path: `/graph/v1.0${path}`,
      query: queryRecord(url.searchParams),
      status: result.status,
      durationMs: Date.now() - started,
      requestId: call.requestId,
      requestBody: item.body,
      responseBody: result.body,
      batchItemOf: outer.requestId,
      ...(fault === undefined ? {} : { fault }),
      ...(result.graphTypes === undefined ? {} : { graphTypes: result.graphTypes }),
    });
  }
  return {
    status: 200,
    mutated,
    body: { responses: parsed.map((i) => responses.get(i.id)) },
  };
}
