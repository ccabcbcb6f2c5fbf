// TAP SIEM API v2 (vendor-api-notes §1.1): GET with HTTP Basic (service principal + secret),
// `interval=<start>/<end>` and no paging. The interval rules, as the SIEM API documentation states
// them (quoted in demisto/content Packs/ProofpointTAP ProofpointTAP_v2 README and other public
// clients): "The minimum interval is thirty seconds. The maximum interval is one hour."; and
// (help.proofpoint.com SIEM_API, current text) "The maximum time into the past that can be queried
// is 7 days" (an older text said twelve hours). Longer spans are cut into equal windows of at
// most an hour, so no window falls under thirty seconds; a span shorter than that is widened back
// to thirty seconds (an overlap TAP allows: records may repeat, and are de-duplicated by GUID).
import type { Redactor } from '../../../redact.ts';
import {
  parseJsonOrUndefined,
  parseVendorResponse,
  sendWithPolicy,
  type HttpPolicy,
} from '../../../core/http/index.ts';
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
export const MIN_INTERVAL_MS = 30_000;
export const MAX_INTERVAL_MS = HOUR;
/** How far back TAP answers; a minute of margin for clock skew between us and TAP. */
export const MAX_LOOKBACK_MS = 7 * 24 * HOUR - 60_000;

/** [from, to] windows covering start..end, each between thirty seconds and an hour long. */
export function siemWindows(start: Date, end: Date): [number, number][] {
  const to = end.getTime();
  const from = Math.min(Math.max(start.getTime(), to - MAX_LOOKBACK_MS), to - MIN_INTERVAL_MS);
  const count = Math.ceil((to - from) / MAX_INTERVAL_MS);
  const size = Math.ceil((to - from) / count);
  const windows: [number, number][] = [];
  for (let at = from; at < to; at += size) windows.push([at, Math.min(at + size, to)]);
  return windows;
}

export function createTapApi(options: TapOptions): TapApi {
  const basic = Buffer.from(`${options.principal}:${options.secret}`).toString('base64');
  options.redactor.register(options.secret);
  options.redactor.register(basic);
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    async messages(kind, start, end) {
      const operation = `tap.siem.messages.${kind}`;
      const found = new Map<string, TapMessage>();
      for (const [from, to] of siemWindows(start, end)) {
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
        for (const m of kind === 'delivered' ? answer.messagesDelivered : answer.messagesBlocked)
          found.set(m.GUID, m);
      }
      return [...found.values()];
    },
  };
}
