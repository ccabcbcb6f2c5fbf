// exchange.transport-rule: the rule that routes mail from inside the organisation to outside
// recipients through a rule-scoped outbound connector. It depends on that connector: the runbook
// creates it after the connector, and undo (newest first) removes it before the connector.
import type { TransportRule } from '../../client/index.ts';
import { defineStep, isUnknown } from '../../../../steps/contract.ts';
import { managedObjectStep, type Settings } from '../managed-object.ts';
import { ExchangeTransportRuleParams } from './params.ts';

const lifecycle = managedObjectStep<ExchangeTransportRuleParams, TransportRule>({
  noun: 'TransportRule',
  label: 'transport rule',
  api: (exchange) => exchange.transportRules,
  name: (params) => params.name,
  desired: (params) => {
    const settings: Settings = {
      Name: params.name,
      FromScope: params.fromScope,
      SentToScope: params.sentToScope,
      RouteMessageOutboundConnector: params.routeMessageOutboundConnector,
      Mode: params.mode,
      Enabled: params.enabled,
    };
    if (params.priority !== undefined) settings.Priority = params.priority;
    if (params.senderDomainIs !== undefined) settings.SenderDomainIs = params.senderDomainIs;
    return settings;
  },
  current: (item) => ({
    Name: item.Name,
    FromScope: item.FromScope,
    SentToScope: item.SentToScope,
    RouteMessageOutboundConnector: item.RouteMessageOutboundConnector,
    SenderDomainIs: item.SenderDomainIs,
    Mode: item.Mode,
    Enabled: item.State === 'Enabled',
    Priority: item.Priority,
  }),
  details: (params) => [
    isUnknown(params.routeMessageOutboundConnector)
      ? `Depends on outbound connector ${params.routeMessageOutboundConnector}: created by an earlier step, which must run first.`
      : `Depends on outbound connector "${params.routeMessageOutboundConnector}", which must exist with IsTransportRuleScoped $true; undo removes this rule before the connector.`,
    `Routes mail from ${params.fromScope}${params.senderDomainIs ? ` senders in ${params.senderDomainIs.join(', ')}` : ''} to ${params.sentToScope} through that connector (mode ${params.mode}).`,
  ],
});

export const exchangeTransportRuleStep = defineStep<ExchangeTransportRuleParams>({
  type: 'exchange.transport-rule',
  description:
    'Create or update an Exchange Online transport rule that routes outbound mail through a rule-scoped outbound connector',
  params: ExchangeTransportRuleParams,
  outputs: ['name', 'identity', 'guid'],
  mutating: true,
  // Exchange Online admin API, app-only: the app permission plus the role that authorises cmdlets.
  requires: { exchange: ['Exchange.ManageAsApp'], roles: ['Exchange Administrator'] },
  ...lifecycle,
});
