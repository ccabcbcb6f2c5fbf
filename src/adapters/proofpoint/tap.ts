// TAP SIEM API v2 (vendor-api-notes §1.1): GET with HTTP Basic (service principal + secret),
// `interval=<start>/<end>`, at most one hour per request and no paging: longer spans are walked
// hour by hour.
import type { Redactor } from '../../redact.ts';
import { parseJsonOrUndefined, parseVendorResponse, sendWithPolicy, type HttpPolicy } from '../http/index.ts';
import { SiemAnswer, type TapMessage } from './schema.ts';

export interface TapOptions {
  /** https://tap-api-v2.proofpoint.com */
  baseUrl: string;
  principal: string;
  secret: string;
  policy: HttpPolicy;
  redactor: Redactor;
}

export interface TapApi {
  /** Messages with threats TAP delivered or blocked between `start` and `end`. */
  messages(kind: 'delivered' | 'blocked', start: Date, end: Date): Promise<TapMessage[]>;
}

const HOUR = 3_600_000;

export function createTapApi(options: TapOptions): TapApi {
  const basic = Buffer.from(`${options.principal}:${options.secret}`).toString('base64');
  options.redactor.register(options.secret);
  options.redactor.register(basic);
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    async messages(kind, start, end) {
      const operation = `tap.siem.messages.${kind}`;
      const found: TapMessage[] = [];
      for (let from = start.getTime(); from < end.getTime(); from += HOUR) {
        const to = Math.min(from + HOUR, end.getTime());
        const interval = `${new Date(from).toISOString()}/${new Date(to).toISOString()}`;
        const response = await sendWithPolicy(
          {
            method: 'GET',
            url: `${base}/v2/siem/messages/${kind}?format=json&interval=${encodeURIComponent(interval)}`,
          },
          {
            service: 'proofpoint',
            operation,
            policy: options.policy,
            redactor: options.redactor,
            authorize: async () => ({ authorization: `Basic ${basic}` }),
            readVendorError: (body) => (body.trim() ? { message: body.trim().slice(0, 200) } : {}),
          },
        );
        const answer = parseVendorResponse(SiemAnswer, parseJsonOrUndefined(await response.text()), {
          service: 'proofpoint',
          operation,
        });
        found.push(...(kind === 'delivered' ? answer.messagesDelivered : answer.messagesBlocked));
      }
      return found;
    },
  };
}
