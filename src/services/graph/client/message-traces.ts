// Graph message trace (microsoft-api-notes §2.7): GET /admin/exchange/tracing/messageTraces with
// $filter on receivedDateTime/senderAddress/recipientAddress/messageId, @odata.nextLink paging,
// and the per-recipient details. Needs ExchangeMessageTrace.Read.All.
import { z } from 'zod';
import { odataString, type GraphHttp } from './http.ts';

const text = z
  .string()
  .nullable()
  .optional()
  .catch(null)
  .transform((v) => v ?? null);

export const ExchangeMessageTrace = z.object({
  id: z.string(),
  messageId: text,
  receivedDateTime: z.string(),
  senderAddress: text,
  recipientAddress: text,
  subject: text,
  status: z.string().catch('unknownFutureValue'),
  fromIP: text,
  toIP: text,
  size: z.number().catch(0),
});
export type ExchangeMessageTrace = z.infer<typeof ExchangeMessageTrace>;

export const ExchangeMessageTraceDetail = z.object({
  id: z.string().catch(''),
  dateTime: z.string(),
  event: z.string(),
  action: text,
  description: text,
  data: text,
});
export type ExchangeMessageTraceDetail = z.infer<typeof ExchangeMessageTraceDetail>;

export interface MessageTraceFilter {
  start: Date;
  end: Date;
  senderAddress?: string;
  recipientAddress?: string;
  messageId?: string;
}

export function messageTracesApi(http: GraphHttp) {
  return {
    listMessageTraces(filter: MessageTraceFilter): Promise<ExchangeMessageTrace[]> {
      const clauses = [
        `receivedDateTime ge ${filter.start.toISOString()}`,
        `receivedDateTime le ${filter.end.toISOString()}`,
      ];
      if (filter.senderAddress) clauses.push(`senderAddress eq ${odataString(filter.senderAddress)}`);
      if (filter.recipientAddress)
        clauses.push(`recipientAddress eq ${odataString(filter.recipientAddress)}`);
      if (filter.messageId) clauses.push(`messageId eq ${odataString(filter.messageId)}`);
      return http.listAll(
        {
          operation: 'messageTraces.list',
          method: 'GET',
          path: '/admin/exchange/tracing/messageTraces',
          query: { $filter: clauses.join(' and ') },
        },
        ExchangeMessageTrace,
      );
    },

    /** The hops of one traced message to one recipient (connector used, delivery events). */
    getMessageTraceDetails(traceId: string, recipientAddress: string): Promise<ExchangeMessageTraceDetail[]> {
      return http.listAll(
        {
          operation: 'messageTraces.details',
          method: 'GET',
          path: `/admin/exchange/tracing/messageTraces/${encodeURIComponent(traceId)}/getDetailsByRecipient(recipientAddress=${encodeURIComponent(odataString(recipientAddress))})`,
        },
        ExchangeMessageTraceDetail,
      );
    },
  };
}
