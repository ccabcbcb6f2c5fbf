// GET /admin/exchange/tracing/messageTraces (microsoft-api-notes §2.7): the message trace the mail
// simulation records, as Graph's exchangeMessageTrace, with $filter on receivedDateTime (ge/le),
// senderAddress, recipientAddress, messageId and fromIP (eq), $top 1..5000 (default 1000), and
// getDetailsByRecipient for the hops. Needs ExchangeMessageTrace.Read.All.
import { exchangeStateOf } from '../../exchange/emulator/seed.ts';
import type { MessageTraceRecord } from '../../exchange/emulator/model.ts';
import { ODATA_STRING, unquoteOData } from '../../../sandbox/http/router.ts';
import { graphFailure, notFound } from './errors.ts';
import { route } from './keys.ts';
import { pageOf } from './odata.ts';
import type { GraphCall, GraphDeps, GraphResult, GraphRouter } from './types.ts';

const ROLES = ['ExchangeMessageTrace.Read.All'] as const;
const BASE = '/admin/exchange/tracing/messageTraces';
const CLAUSE = /^\s*(\w+)\s+(eq|ge|le|gt|lt)\s+('(?:[^']|'')*'|[0-9T:.+-]+Z?)\s*$/i;
const FIELDS: Record<string, keyof MessageTraceRecord> = {
  senderaddress: 'SenderAddress',
  recipientaddress: 'RecipientAddress',
  messageid: 'MessageId',
  fromip: 'FromIP',
};

function statusName(status: string): string {
  return `${status[0]?.toLowerCase() ?? ''}${status.slice(1)}`;
}

export function toGraphTrace(t: MessageTraceRecord) {
  return {
    id: t.MessageTraceId,
    fromIP: t.FromIP,
    messageId: t.MessageId,
    receivedDateTime: t.Received,
    recipientAddress: t.RecipientAddress,
    senderAddress: t.SenderAddress,
    size: t.Size,
    status: statusName(t.Status),
    subject: t.Subject,
    toIP: t.ToIP,
  };
}

function predicate(clause: string): (t: MessageTraceRecord) => boolean {
  const m = CLAUSE.exec(clause);
  if (!m) throw graphFailure(400, 'BadRequest', `Invalid filter clause: '${clause.trim()}'.`);
  const [, property, op, literal] = m as unknown as [string, string, string, string];
  const name = property.toLowerCase();
  if (name === 'receiveddatetime') {
    const at = Date.parse(literal);
    if (Number.isNaN(at)) throw graphFailure(400, 'BadRequest', `Invalid date in filter: '${literal}'.`);
    const cmp = {
      ge: (x: number) => x >= at,
      le: (x: number) => x <= at,
      gt: (x: number) => x > at,
      lt: (x: number) => x < at,
    };
    const test = cmp[op.toLowerCase() as keyof typeof cmp];
    if (!test)
      throw graphFailure(400, 'BadRequest', `Operator '${op}' is not supported for receivedDateTime.`);
    return (t) => test(Date.parse(t.Received));
  }
  const field = FIELDS[name];
  if (!field || op.toLowerCase() !== 'eq' || !new RegExp(`^${ODATA_STRING}$`).test(literal)) {
    throw graphFailure(400, 'BadRequest', `Unsupported filter on '${property}'.`);
  }
  const value = unquoteOData(literal).toLowerCase();
  return (t) => {
    const actual = t[field];
    return typeof actual === 'string' && actual.toLowerCase() === value;
  };
}

export function registerMessageTraceRoutes(router: GraphRouter, deps: GraphDeps): void {
  const traces = () => Object.values(exchangeStateOf(deps.ctx.store.state).messageTraces);

  router.add('GET', route(BASE), { roles: ROLES }, (call: GraphCall): GraphResult => {
    const filter = call.query.get('$filter') ?? '';
    const tests = filter.trim() === '' ? [] : filter.split(/\s+and\s+/i).map(predicate);
    const matching = traces()
      .filter((t) => tests.every((test) => test(t)))
      .sort((a, b) => b.Received.localeCompare(a.Received))
      .map(toGraphTrace);
    const page = pageOf(matching, call.query, `${deps.graphUrl()}${call.path}`, 1000, 5000);
    return {
      status: 200,
      body: {
        '@odata.context': `${deps.graphUrl()}/$metadata#admin/exchange/tracing/messageTraces`,
        value: page.value,
        ...(page.nextLink === undefined ? {} : { '@odata.nextLink': page.nextLink }),
      },
      graphTypes: { response: 'Collection(microsoft.graph.exchangeMessageTrace)' },
    };
  });

  router.add(
    'GET',
    route(
      `${BASE}/(?<traceId>[^/]+)/getDetailsByRecipient\\(recipientAddress=(?<recipient>${ODATA_STRING})\\)`,
    ),
    { roles: ROLES },
    (_call, params): GraphResult => {
      const trace = traces().find((t) => t.MessageTraceId === params.traceId);
      const recipient = unquoteOData(params.recipient ?? '').toLowerCase();
      if (!trace || trace.RecipientAddress.toLowerCase() !== recipient) throw notFound(params.traceId ?? '');
      return {
        status: 200,
        body: {
          '@odata.context': `${deps.graphUrl()}/$metadata#Collection(microsoft.graph.exchangeMessageTraceDetail)`,
          value: trace.Events.map((e, i) => ({
            id: `${trace.MessageTraceId}-${i}`,
            messageId: trace.MessageId,
            ...e,
          })),
        },
        graphTypes: { response: 'Collection(microsoft.graph.exchangeMessageTraceDetail)' },
      };
    },
  );
}
