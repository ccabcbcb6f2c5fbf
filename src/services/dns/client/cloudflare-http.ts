// Cloudflare API v4 over the shared HTTP layer: Bearer token, envelope unwrapping, page walking.
import { z } from 'zod';
import type { Redactor } from '../../../redact.ts';
import {
  parseJsonOrUndefined,
  parseVendorResponse,
  sendWithPolicy,
  type HttpPolicy,
} from '../../../core/http/index.ts';
import { Envelope } from './cloudflare-schema.ts';

export interface CloudflareHttpOptions {
  /** https://api.cloudflare.com/client/v4, or the sandbox's `${url}/dns/client/v4`. */
  baseUrl: string;
  apiToken: string;
  policy: HttpPolicy;
  redactor: Redactor;
}

const MAX_PAGES = 100;

function readVendorError(body: string) {
  const parsed = parseJsonOrUndefined(body) as
    { errors?: Array<{ code?: number; message?: string }> } | undefined;
  const first = parsed?.errors?.[0];
  return first
    ? {
        ...(first.code === undefined ? {} : { code: String(first.code) }),
        ...(first.message ? { message: first.message } : {}),
      }
    : {};
}

export class CloudflareHttp {
  constructor(private readonly options: CloudflareHttpOptions) {
    options.redactor.register(options.apiToken);
  }

  async call<Result extends z.ZodType>(
    operation: string,
    method: string,
    path: string,
    result: Result,
    body?: unknown,
  ): Promise<{ result: z.output<Result>; totalPages: number }> {
    const response = await sendWithPolicy(
      {
        method,
        url: `${this.options.baseUrl.replace(/\/+$/, '')}${path}`,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      {
        service: 'dns',
        operation,
        policy: this.options.policy,
        redactor: this.options.redactor,
        authorize: async () => ({ authorization: `Bearer ${this.options.apiToken}` }),
        readVendorError,
        permissionHint: () => 'The Cloudflare API token needs Zone:Read and DNS:Edit on this zone.',
      },
    );
    const envelope = parseVendorResponse(Envelope(z.unknown()), parseJsonOrUndefined(await response.text()), {
      service: 'dns',
      operation,
    });
    const parsed = parseVendorResponse(result, envelope.result, { service: 'dns', operation });
    return { result: parsed, totalPages: envelope.result_info?.total_pages ?? 1 };
  }

  /**
   * Every page of a list. `perPage`: the largest page differs by list (List Zones allows at most
   * 50, larger values are refused or clamped; DNS record lists take 100, as public clients use),
   * so callers pass theirs.
   */
  async listAll<Item extends z.ZodType>(
    operation: string,
    path: string,
    item: Item,
    perPage: number,
  ): Promise<z.output<Item>[]> {
    const items: z.output<Item>[] = [];
    const joiner = path.includes('?') ? '&' : '?';
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { result, totalPages } = await this.call(
        operation,
        'GET',
        `${path}${joiner}page=${page}&per_page=${perPage}`,
        z.array(item),
      );
      items.push(...(result as z.output<Item>[]));
      if (page >= totalPages) break;
    }
    return items;
  }
}
