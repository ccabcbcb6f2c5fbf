// Message trace, Graph first (microsoft-api-notes §2.7 and §6: the Graph messageTraces API is the
// supported path; whether Get-MessageTraceV2 works over InvokeCommand is unverified), falling back
// to Get-MessageTraceV2 when Graph refuses: the app lacks ExchangeMessageTrace.Read.All, the
// tenant is not onboarded yet (401 for hours), or the API is not available in this cloud.
import { ServiceError } from '../../../errors.ts';
import type { ExchangeMessageTrace, GraphClient } from '../../graph/client/client.ts';
import type { ExchangeHttp } from './http.ts';
import { MessageTraceRow } from './schema.ts';

export interface TraceQuery {
  start: Date;
  end: Date;
  senderAddress?: string;
  recipientAddress?: string;
  messageId?: string;
}

/** One message to one recipient, whichever API answered. Status uses Graph's enum names. */
export interface TracedMessage {
  traceId: string;
  messageId: string | null;
  receivedDateTime: string;
  senderAddress: string | null;
  recipientAddress: string | null;
  subject: string | null;
  status: string;
  fromIP: string | null;
  toIP: string | null;
  size: number;
}

export interface TraceResult {
  source: 'graph' | 'Get-MessageTraceV2';
  messages: TracedMessage[];
  /** Why Graph was not used, when the fallback answered. */
  fallbackReason?: string;
}

export type MessageTraceGraph = Pick<GraphClient, 'listMessageTraces'>;

const FALLBACK_KINDS = new Set(['auth', 'forbidden', 'not-found', 'bad-request']);

function fromGraph(trace: ExchangeMessageTrace): TracedMessage {
  const { id, ...rest } = trace;
  return { traceId: id, ...rest };
}

function lowerFirst(text: string): string {
  return text.length === 0 ? text : `${text[0]!.toLowerCase()}${text.slice(1)}`;
}

export function messageTraceApi(http: ExchangeHttp, graph: () => Promise<MessageTraceGraph>) {
  async function getMessageTraceV2(query: TraceQuery): Promise<TracedMessage[]> {
    const rows = await http.invoke(
      'Get-MessageTraceV2',
      {
        StartDate: query.start.toISOString(),
        EndDate: query.end.toISOString(),
        ...(query.senderAddress ? { SenderAddress: query.senderAddress } : {}),
        ...(query.recipientAddress ? { RecipientAddress: query.recipientAddress } : {}),
        ...(query.messageId ? { MessageId: query.messageId } : {}),
      },
      MessageTraceRow,
      { idempotent: true },
    );
    return rows.map((row) => ({
      traceId: row.MessageTraceId,
      messageId: row.MessageId || null,
      receivedDateTime: row.Received,
      senderAddress: row.SenderAddress,
      recipientAddress: row.RecipientAddress,
      subject: row.Subject,
      status: lowerFirst(row.Status),
      fromIP: row.FromIP,
      toIP: row.ToIP,
      size: row.Size,
    }));
  }

  return {
    getMessageTraceV2,
    async traceMessages(query: TraceQuery): Promise<TraceResult> {
      try {
        const traces = await (await graph()).listMessageTraces(query);
        return {
          source: 'graph',
          messages: traces.map(fromGraph),
        };
      } catch (error) {
        if (!(error instanceof ServiceError) || !FALLBACK_KINDS.has(error.kind)) throw error;
        return {
          source: 'Get-MessageTraceV2',
          messages: await getMessageTraceV2(query),
          fallbackReason: `Graph messageTraces: ${error.message}`,
        };
      }
    },
  };
}
