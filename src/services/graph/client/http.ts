// Graph calls by operation name: the SDK builds the URL and runs our middleware; answers come
// back raw so we see 201 vs 204 and validate bodies with zod ourselves.
import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import type { z } from 'zod';
import { isSopError } from '../../../errors.ts';
import { parseJsonOrUndefined, parseVendorResponse, throwInvalid } from '../../../core/http/index.ts';
import { GraphCallOptions, PolicyMiddleware, type PolicyMiddlewareDeps } from './middleware.ts';
import { Page } from './schema.ts';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphCall {
  operation: string;
  method: GraphMethod;
  /** Relative to the version, e.g. `/applications(uniqueName='x')`. */
  path: string;
  /** Values are encoded here; the SDK joins them as given. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  idempotent?: boolean;
}

export interface GraphAnswer {
  status: number;
  body: unknown;
}

const MAX_PAGES = 200;

export class GraphHttp {
  private readonly client: Client;
  private readonly versionBase: string;

  constructor(graphBaseUrl: string, deps: PolicyMiddlewareDeps, version = 'v1.0') {
    const base = graphBaseUrl.replace(/\/+$/, '');
    this.versionBase = `${base}/${version}/`;
    this.client = Client.initWithMiddleware({
      baseUrl: `${base}/`,
      defaultVersion: version,
      middleware: new PolicyMiddleware(deps),
    });
  }

  async send(call: GraphCall): Promise<GraphAnswer> {
    const options = new GraphCallOptions(call.operation, call.idempotent);
    const encoded = Object.fromEntries(
      Object.entries(call.query ?? {}).map(([k, v]) => [k, encodeURIComponent(v)]),
    );
    const request = this.client
      .api(call.path)
      .query(encoded)
      .headers(call.headers ?? {})
      .middlewareOptions([options])
      .responseType(ResponseType.RAW);
    let response: Response;
    try {
      response = (await this.dispatch(request, call)) as Response;
    } catch (error) {
      // The SDK rewraps what our middleware threw; the mapped error rides on the call options.
      if (options.failure) throw options.failure;
      if (isSopError(error)) throw error;
      throw error;
    }
    const text = await response.text();
    if (text.trim() === '') return { status: response.status, body: undefined };
    const body = parseJsonOrUndefined(text);
    if (body === undefined)
      throwInvalid({ service: 'graph', operation: call.operation }, 'the body is not valid JSON');
    return { status: response.status, body };
  }

  async json<Schema extends z.ZodType>(call: GraphCall, schema: Schema): Promise<z.output<Schema>> {
    const answer = await this.send(call);
    return parseVendorResponse(schema, answer.body, { service: 'graph', operation: call.operation });
  }

  /** Follows `@odata.nextLink` until the last page; links must stay on our Graph base URL. */
  async listAll<Item extends z.ZodType>(call: GraphCall, item: Item): Promise<z.output<Item>[]> {
    const schema = Page(item);
    const items: z.output<Item>[] = [];
    let next: GraphCall | undefined = call;
    for (let page = 0; next; page++) {
      if (page >= MAX_PAGES)
        throwInvalid({ service: 'graph', operation: call.operation }, `more than ${MAX_PAGES} pages`);
      const body: z.output<typeof schema> = await this.json(next, schema);
      items.push(...(body.value as z.output<Item>[]));
      const link = body['@odata.nextLink'];
      next = link ? { ...call, path: this.relativeLink(link, call.operation), query: {} } : undefined;
    }
    return items;
  }

  private relativeLink(link: string, operation: string): string {
    // A next link to another host would receive our bearer token: refuse it.
    if (!link.startsWith(this.versionBase))
      throwInvalid({ service: 'graph', operation }, '@odata.nextLink points outside the Graph endpoint');
    return `/${link.slice(this.versionBase.length)}`;
  }

  private dispatch(request: ReturnType<Client['api']>, call: GraphCall): Promise<unknown> {
    switch (call.method) {
      case 'GET':
        return request.get();
      case 'POST':
        return request.post(call.body ?? {});
      case 'PATCH':
        return request.patch(call.body ?? {});
      case 'DELETE':
        return request.delete();
    }
  }
}

/** Graph OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
