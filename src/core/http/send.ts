// The one attempt loop every API family uses: rate-limit hook, fresh auth per attempt,
// per-attempt timeout, retry decisions, error mapping. Returns a fully read 2xx/3xx response.
import type { ReadableStreamReadResult } from 'node:stream/web';
import { isSopError, type ServiceError } from '../../errors.ts';
import type { Redactor } from '../../redact.ts';
import type { HttpPolicy } from './policy.ts';
import {
  addPaced,
  decideRetry,
  isIdempotentMethod,
  type AttemptOutcome,
  type PacedSoFar,
} from './retry-policy.ts';
import { classifyTransportError } from './transport-error.ts';
import {
  serviceErrorForLongWait,
  serviceErrorFromResponse,
  serviceErrorFromTransport,
  type FailureContext,
  type VendorErrorInfo,
} from './map-error.ts';
import { watchSlowAttempt } from './slow-attempt.ts';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** A string or fixed bytes (blob uploads), so every retry can resend the same bytes. */
  body?: string | Uint8Array;
  /** Overrides the method's default; e.g. Graph's PATCH upsert is safe to repeat, addPassword is not. */
  idempotent?: boolean;
}

export interface SendOptions {
  service: string;
  operation: string;
  policy: HttpPolicy;
  redactor: Redactor;
  signal?: AbortSignal;
  /** Headers added per attempt (a token that is refreshed when it expires). */
  authorize?: () => Promise<Record<string, string>>;
  /** Reads the vendor's error body shape. */
  readVendorError: (body: string, headers: Headers) => VendorErrorInfo;
  permissionHint?: (operation: string) => string | undefined;
  fetch?: typeof fetch;
  /**
   * Streams a 2xx body instead of buffering it (large downloads). Runs inside the attempt, so the
   * timeout and retries cover the body; the Response returned then has no body. A failure reading
   * the body is a transport failure (retried); any other error it throws is passed on as is.
   */
  consumeBody?: (body: ReadableStream<Uint8Array> | null, signal: AbortSignal) => Promise<void>;
}

/** An error of `consumeBody` itself (e.g. the disk), not of the transport: never retried. */
class ConsumerFailure extends Error {
  constructor(readonly error: unknown) {
    super('the body consumer failed', { cause: error });
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export async function sendWithPolicy(request: HttpRequest, options: SendOptions): Promise<Response> {
  const { policy } = options;
  const idempotent = request.idempotent ?? isIdempotentMethod(request.method);
  const doFetch = options.fetch ?? fetch;
  const context = (attempts: number): FailureContext => ({
    service: options.service,
    operation: options.operation,
    method: request.method.toUpperCase(),
    path: new URL(request.url).pathname,
    attempts,
    redactor: options.redactor,
    ...(options.permissionHint ? { permissionHint: options.permissionHint } : {}),
  });

  let paced: PacedSoFar = { attempts: 0, waitedMs: 0 };
  for (let attempt = 1; ; attempt++) {
    let outcome: AttemptOutcome;
    let failure: ServiceError;
    let vendor: VendorErrorInfo = {};
    const release = await policy.rateLimiter?.({ service: options.service, operation: options.operation });
    const stopWatching = watchSlowAttempt(policy, {
      service: options.service,
      method: request.method.toUpperCase(),
      path: new URL(request.url).pathname,
    });
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const headers = { ...request.headers, ...(await options.authorize?.()) };
      const response = await doFetch(request.url, {
        method: request.method,
        headers,
        body: request.body,
        signal,
      });
      if (options.consumeBody && response.status < 400) {
        await consumeWatched(response, options.consumeBody, signal);
        return new Response(null, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      }
      // Read the whole body inside the timeout so a stalled or reset body counts as this attempt's failure.
      const bytes = await response.arrayBuffer();
      if (response.status < 400) {
        const body = NULL_BODY_STATUSES.has(response.status) ? null : bytes;
        return new Response(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      }
      const text = new TextDecoder().decode(bytes);
      outcome = {
        kind: 'response',
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
      };
      vendor = options.readVendorError(text, response.headers);
      failure = serviceErrorFromResponse(context(attempt), response.status, vendor);
    } catch (error) {
      if (error instanceof ConsumerFailure) throw error.error;
      if (options.signal?.aborted) throw error;
      if (isSopError(error)) throw error; // from authorize(): already mapped
      if (timeout.aborted) {
        outcome = { kind: 'timeout' };
        failure = serviceErrorFromTransport(
          context(attempt),
          'timeout',
          `no answer within ${policy.timeoutMs} ms`,
          error,
        );
      } else {
        const transport = classifyTransportError(error);
        outcome = { kind: 'network', reachedServer: transport.reachedServer };
        failure = serviceErrorFromTransport(context(attempt), 'network', transport.detail, error);
      }
    } finally {
      stopWatching();
      release?.();
    }
    const decision = decideRetry({
      outcome,
      attempt,
      idempotent,
      policy: policy.retry,
      now: policy.now(),
      random: policy.random,
      paced,
    });
    if (!decision.retry) {
      if (decision.comeBackInMs !== undefined && outcome.kind === 'response')
        throw serviceErrorForLongWait(context(attempt), outcome.status, vendor, {
          inMs: decision.comeBackInMs,
          at: new Date(policy.now().getTime() + decision.comeBackInMs),
          limit: decision.limit ?? 'one-wait',
          capMs:
            decision.limit === 'total-wait'
              ? policy.retry.maxTotalRetryAfterMs
              : policy.retry.maxRetryAfterMs,
        });
      throw failure;
    }
    paced = addPaced(paced, decision);
    policy.onRetry?.({
      service: options.service,
      operation: options.operation,
      attempt,
      delayMs: decision.delayMs,
      reason: outcome.kind === 'response' ? String(outcome.status) : outcome.kind,
    });
    await policy.sleep(decision.delayMs, options.signal);
  }
}

/** Runs the consumer over the body, telling its own failures from the body's (which are retried). */
async function consumeWatched(
  response: Response,
  consume: NonNullable<SendOptions['consumeBody']>,
  signal: AbortSignal,
): Promise<void> {
  let bodyFailed = false;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  const body =
    reader &&
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const chunk: ReadableStreamReadResult<Uint8Array> = await reader.read();
          if (chunk.done) controller.close();
          else controller.enqueue(chunk.value);
        } catch (error) {
          bodyFailed = true;
          controller.error(error);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
  try {
    await consume(body ?? null, signal);
  } catch (error) {
    // The body's own failure (reset, timeout) reaches the consumer and is the attempt's failure.
    if (bodyFailed || signal.aborted) throw error;
    throw new ConsumerFailure(error);
  }
}
