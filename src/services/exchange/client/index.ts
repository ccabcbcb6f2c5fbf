export { createExchangeClient, type ExchangeClient, type ExchangeClientOptions } from './client.ts';
export { ANCHOR_MAILBOX, EXCHANGE_SCOPE, type CmdletParameters } from './http.ts';
export type { ObjectApi } from './objects.ts';
export type { TraceQuery, TraceResult, TracedMessage } from './message-trace.ts';
export type {
  InboundConnectorSettings,
  OutboundConnectorSettings,
  TlsSettings,
  TransportRuleSettings,
} from './settings.ts';
export {
  bareDomain,
  type AcceptedDomain,
  type InboundConnector,
  type MessageTraceRow,
  type OutboundConnector,
  type TransportRule,
} from './schema.ts';
