// The Exchange Online part of the sandbox, and the helpers the mail simulation uses.
export { createExchangeService, ANCHOR_MAILBOX_GUID } from './exchange-service.ts';
export { recordMessageTrace, type MessageTraceInput } from './message-trace.ts';
export {
  exchangeRouteFor,
  type ExchangeRoute,
  type InboundConnectorRoute,
  type MailDirection,
  type OutboundConnectorRoute,
  type RouteQuery,
} from './routing.ts';
export { exchangeStateOf } from './seed.ts';
export type * from './model.ts';
