// JSON batching: at most 20 requests per $batch call, larger sets split in order. Items Graph
// throttled (429 inside a 200 batch) are retried alone after their Retry-After; dependants of a
// request that failed in an earlier chunk get the 424 Graph itself would give them.
import type { HttpPolicy } from '../../../core/http/index.ts';
import {
  addPaced,
  decideRetry,
  isIdempotentMethod,
  parseRetryAfter,
  type PacedSoFar,
} from '../../../core/http/index.ts';
import type { GraphHttp } from './http.ts';
import { BatchResponse, type BatchItemResponse } from './schema.ts';

export const MAX_BATCH = 20;

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** Relative to the version, e.g. `/applications/{id}`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export function batchApi(http: GraphHttp, policy: HttpPolicy) {
  async function sendChunk(requests: BatchRequest[]): Promise<BatchItemResponse[]> {
    const body = await http.json(
      {
        operation: 'batch',
        method: 'POST',
        path: '/$batch',
        body: {
          requests: requests.map((r) =>
            r.body !== undefined
              ? { ...r, headers: { 'content-type': 'application/json', ...r.headers } }
              : r,
          ),
        },
        idempotent: requests.every((r) => isIdempotentMethod(r.method)),
      },
      BatchResponse,
    );
    return body.responses;
  }

  async function runChunk(requests: BatchRequest[], results: Map<string, BatchItemResponse>): Promise<void> {
    let pending = requests;
    let paced: PacedSoFar = { attempts: 0, waitedMs: 0 };
    for (let attempt = 1; pending.length > 0; attempt++) {
      const answered = await sendChunk(pending);
      for (const item of answered) results.set(item.id, item);
      const throttled = answered.filter((item) => item.status === 429);
      if (throttled.length === 0) return;
      const waits = throttled.map(
        (item) =>
          parseRetryAfter(item.headers?.['retry-after'] ?? item.headers?.['Retry-After'], policy.now()) ?? 0,
      );
      const decision = decideRetry({
        outcome: { kind: 'response', status: 429, retryAfter: String(Math.ceil(Math.max(...waits) / 1000)) },
        attempt,
        idempotent: true,
        policy: policy.retry,
        now: policy.now(),
        random: policy.random,
        paced,
      });
      if (!decision.retry) return; // the caller sees the 429 items in the results
      paced = addPaced(paced, decision);
      const retryIds = new Set(throttled.map((item) => item.id));
      // Dependants of a throttled item failed with 424; they go again together with it.
      for (const request of pending)
        if (request.dependsOn?.some((id) => retryIds.has(id))) retryIds.add(request.id);
      pending = pending.filter((request) => retryIds.has(request.id));
      // Reported like any other paced retry: a progress line for a long wait, a tenant's pause in a fleet.
      policy.onRetry?.({
        service: 'graph',
        operation: '$batch',
        attempt,
        delayMs: decision.delayMs,
        reason: '429',
      });
      await policy.sleep(decision.delayMs);
    }
  }

  return {
    async batch(requests: readonly BatchRequest[]): Promise<BatchItemResponse[]> {
      const results = new Map<string, BatchItemResponse>();
      for (const part of chunk(requests, MAX_BATCH)) {
        const local = new Set(part.map((r) => r.id));
        const sendable: BatchRequest[] = [];
        for (const request of part) {
          const earlier = (request.dependsOn ?? []).filter((id) => !local.has(id));
          const failed = earlier.find((id) => (results.get(id)?.status ?? 200) >= 400);
          if (failed !== undefined) {
            results.set(request.id, {
              id: request.id,
              status: 424,
              body: { error: { code: 'FailedDependency', message: `depends on failed request ${failed}` } },
            });
            local.delete(request.id);
            continue;
          }
          // Dependencies satisfied by an earlier chunk are dropped: Graph only knows ids in this batch.
          const dependsOn = (request.dependsOn ?? []).filter((id) => local.has(id));
          const { dependsOn: _dropped, ...rest } = request;
          sendable.push(dependsOn.length > 0 ? { ...rest, dependsOn } : rest);
        }
        if (sendable.length > 0) await runChunk(sendable, results);
      }
      return requests.map((r) => results.get(r.id) ?? { id: r.id, status: 424, body: undefined });
    },
  };
}
