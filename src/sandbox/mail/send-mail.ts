// The mail simulation: one message delivered as the internet and the tenant would deliver it under
// the CURRENT state. Inbound mail follows the recipient domain's MX (the zone data the
// authoritative servers answer); if that points at Proofpoint, Proofpoint logs the message and
// relays it from its own IP, and Exchange's inbound connectors decide. Outbound mail follows the
// transport rules and outbound connectors. Exchange's message trace records what happened.
import { InputError } from '../../errors.ts';
import { exchangeRouteFor, recordMessageTrace } from '../../services/exchange/emulator/index.ts';
import type { MessageTraceInput } from '../../services/exchange/emulator/message-trace.ts';
import { seededUuid } from '../ids.ts';
import type { SandboxState } from '../state/model.ts';
import type { MailState, SentMailRecord, TrapPullRecord } from './model.ts';
import { isProofpointHost, microsoftMxHost, mxOf, type MxAnswer } from './mx.ts';
import { SIMULATED_IPS } from './addresses.ts';
import {
  proofpointAccepts,
  proofpointDestination,
  proofpointLog,
  proofpointRefusesSender,
} from './proofpoint-hop.ts';
import { spfVerdict, type SendingHost } from './spf.ts';
import type { ResolverView } from '../../services/dns/emulator/rrset-history.ts';
import { trapPull } from './trap.ts';

export interface MailInput {
  from: string;
  to: string;
  subject?: string;
  body?: string;
  /** A benign test threat: TAP classifies it and, when TRAP is connected, TRAP pulls it. */
  threat?: boolean;
  /**
   * Which DNS answers the sending and receiving servers use. `cached` (default): the oldest answer
   * a resolver may still hold after a change (a sender that looked MX up just before it);
   * `fresh`: what the authoritative servers answer now.
   */
  resolver?: ResolverView;
  /** Whether the external sending server uses TLS (inbound mail sent straight to Exchange). Default true. */
  tls?: boolean;
}

export interface MailDelivery {
  messageId: string;
  direction: SentMailRecord['direction'];
  route: SentMailRecord['route'];
  status: SentMailRecord['status'];
  hops: string[];
  /** The Exchange connector the message arrived or left through. */
  connector: string | null;
  /** The recipient domain's MX (inbound only). */
  mx: MxAnswer | null;
  /** Proofpoint's GUID for the message when Proofpoint handled it. */
  proofpointGuid: string | null;
  /** The Exchange message trace row, when the message reached Exchange Online. */
  traceId: string | null;
  trapPull: TrapPullRecord | null;
  rejectedReason: string | null;
}

const ADDRESS = /^[^@\s]+@([a-z0-9-]+\.)+[a-z0-9-]+$/i;
const domainOf = (address: string) => (address.split('@')[1] ?? '').toLowerCase();

function mailStateOf(state: SandboxState): MailState {
  return (state.mail ??= { mailboxes: {}, messages: {} });
}

function deliverToMailbox(state: SandboxState, address: string, messageId: string): void {
  const id = address.toLowerCase();
  const mailboxes = mailStateOf(state).mailboxes;
  (mailboxes[id] ??= { id, inbox: [] }).inbox.push(messageId);
}

interface Draft {
  state: SandboxState;
  input: Required<Pick<MailInput, 'from' | 'to' | 'subject' | 'resolver' | 'tls'>> & { threat: boolean };
  messageId: string;
  now: Date;
  delivery: MailDelivery;
}

function trace(
  draft: Draft,
  fields: Omit<MessageTraceInput, 'senderAddress' | 'recipientAddress' | 'subject'>,
) {
  const row = recordMessageTrace(draft.state, {
    senderAddress: draft.input.from,
    recipientAddress: draft.input.to,
    subject: draft.input.subject,
    messageId: draft.messageId,
    received: draft.now.toISOString(),
    ...fields,
  });
  draft.delivery.traceId = row.MessageTraceId;
}

function reject(draft: Draft, reason: string): void {
  draft.delivery.status = 'Failed';
  draft.delivery.route = 'rejected';
  draft.delivery.rejectedReason = reason;
  draft.delivery.hops.push(`rejected: ${reason}`);
}

function inbound(draft: Draft): void {
  const { state, input, delivery } = draft;
  const mx = mxOf(state, domainOf(input.to), draft.now, input.resolver);
  delivery.mx = mx;
  delivery.hops.push(
    `MX ${mx.domain}: ${mx.hosts.join(', ') || '(none)'}${mx.source === 'cached' ? " (a resolver's cached answer; the authoritative servers have changed since)" : ''}`,
  );
  if (mx.owner === 'none' || mx.owner === 'other') {
    reject(
      draft,
      mx.owner === 'none'
        ? `${mx.domain} has no MX record`
        : `MX points at ${mx.hosts[0]}, which is neither Proofpoint nor Exchange Online`,
    );
    return;
  }
  let sourceIp: string = SIMULATED_IPS.externalSender;
  // Proofpoint relays to Exchange Online over TLS; a sender delivering directly may not.
  let tls = input.tls;
  const exchangeHost = microsoftMxHost(mx.domain);
  if (mx.owner === 'proofpoint') {
    const refused = proofpointAccepts(state, mx.domain);
    if (refused) {
      reject(draft, `Proofpoint ${mx.hosts[0]}: ${refused}`);
      return;
    }
    // A destination other than this tenant's Exchange Online host takes the mail elsewhere.
    const destination = proofpointDestination(state, mx.domain) ?? exchangeHost;
    if (destination !== exchangeHost) {
      reject(
        draft,
        `Proofpoint relayed it to ${destination}, the domain's destination, which is not this tenant's Exchange Online (${exchangeHost}): the mailbox never gets it`,
      );
      return;
    }
    const logged = proofpointLog(draft.state, {
      direction: 'inbound',
      from: input.from,
      to: input.to,
      subject: input.subject,
      threat: input.threat,
      relayedTo: exchangeHost,
      now: draft.now,
    });
    delivery.route = 'proofpoint';
    delivery.proofpointGuid = logged.GUID;
    sourceIp = SIMULATED_IPS.proofpointInboundRelay;
    tls = true;
    delivery.hops.push(
      `Proofpoint ${mx.hosts[0]} accepted the message (GUID ${logged.GUID}${input.threat ? ', TAP: threat' : ''})`,
      `Proofpoint relayed it to ${exchangeHost} from ${sourceIp}`,
    );
  } else {
    delivery.route = 'direct';
    delivery.hops.push(`delivered straight to ${mx.hosts[0]} from ${sourceIp} (Proofpoint bypassed)`);
  }
  const route = exchangeRouteFor(state, {
    from: input.from,
    to: input.to,
    direction: 'inbound',
    sourceIp,
    tls,
  });
  const connector = route.inboundConnector;
  delivery.connector = connector?.name ?? null;
  const received = {
    event: 'Receive',
    description: `Message received by ${exchangeHost} from ${sourceIp}${connector ? ` using inbound connector "${connector.name}"` : ''}`,
  };
  if (route.deliverVia === 'rejected') {
    const reason = route.rejectedReason ?? 'rejected by Exchange Online';
    trace(draft, {
      status: 'Failed',
      fromIP: sourceIp,
      connector: null,
      events: [received, { event: 'Fail', description: reason }],
    });
    reject(draft, `Exchange Online: ${reason}`);
    return;
  }
  if (connector)
    delivery.hops.push(
      `Exchange Online accepted it through inbound connector "${connector.name}" (enhanced filtering: ${connector.enhancedFiltering}${connector.sourceSkipListed ? ', relay IP skip-listed' : ''})`,
    );
  else delivery.hops.push('Exchange Online accepted it (no partner connector applied)');
  trace(draft, {
    fromIP: sourceIp,
    connector: delivery.connector,
    events: [
      received,
      { event: 'Deliver', description: `The message was delivered to the inbox of ${input.to}` },
    ],
  });
  deliverToMailbox(state, input.to, draft.messageId);
  delivery.hops.push(`delivered to the inbox of ${input.to}`);
  if (input.threat) pullThreat(draft);
}

function pullThreat(draft: Draft): void {
  const { delivery } = draft;
  if (delivery.route !== 'proofpoint') {
    delivery.hops.push('TAP never saw the message (it bypassed Proofpoint), so TRAP cannot pull it');
    return;
  }
  const pull = trapPull(draft.state, draft.messageId, draft.input.to, draft.now);
  delivery.trapPull = pull ?? null;
  if (!pull) delivery.hops.push('TRAP is not connected: the threat stays in the inbox');
  else if (pull.result === 'quarantined')
    delivery.hops.push(`TRAP pulled it from the inbox of ${draft.input.to} (app ${pull.appId})`);
  else delivery.hops.push(`TRAP could not pull it: ${pull.reason ?? 'unknown reason'}`);
}

function outbound(draft: Draft): void {
  const { state, input, delivery } = draft;
  const route = exchangeRouteFor(state, { from: input.from, to: input.to, direction: 'outbound' });
  if (route.matchedRules.length > 0)
    delivery.hops.push(`transport rules matched: ${route.matchedRules.join(', ')}`);
  const connector = route.outboundConnector;
  const smartHost = route.deliverVia === 'smart-host' ? connector?.smartHosts[0] : undefined;
  const recipientMx =
    mxOf(state, domainOf(input.to), draft.now, input.resolver).hosts[0] ?? `mx.${domainOf(input.to)}`;
  const events = [
    { event: 'Receive', description: `Message received by Exchange Online from ${input.from}` },
  ];
  if (connector && smartHost) {
    delivery.connector = connector.name;
    delivery.hops.push(
      `Exchange Online sent it through outbound connector "${connector.name}"${route.routingRule ? ` (rule "${route.routingRule}")` : ''} to smart host ${smartHost}`,
    );
    if (isProofpointHost(smartHost)) {
      const refused =
        proofpointAccepts(state, domainOf(input.from)) ?? proofpointRefusesSender(state, input.from);
      const toIP = SIMULATED_IPS.proofpointOutbound;
      const sent = {
        event: 'Send external',
        description: `Message sent to ${smartHost} at ${toIP} using outbound connector "${connector.name}"`,
      };
      if (refused) {
        trace(draft, {
          status: 'Failed',
          toIP,
          connector: connector.name,
          events: [...events, sent, { event: 'Fail', description: refused }],
        });
        reject(draft, `Proofpoint ${smartHost}: ${refused}`);
        return;
      }
      const logged = proofpointLog(state, {
        direction: 'outbound',
        from: input.from,
        to: input.to,
        subject: input.subject,
        threat: input.threat,
        relayedTo: recipientMx,
        now: draft.now,
      });
      delivery.route = 'proofpoint';
      delivery.proofpointGuid = logged.GUID;
      trace(draft, { toIP, connector: connector.name, events: [...events, sent] });
      delivery.hops.push(`Proofpoint logged it (GUID ${logged.GUID}) and delivered it to ${recipientMx}`);
      receiverChecksSpf(draft, 'proofpoint', recipientMx);
      return;
    }
    delivery.route = 'direct';
    trace(draft, {
      toIP: SIMULATED_IPS.externalMx,
      connector: connector.name,
      events: [
        ...events,
        {
          event: 'Send external',
          description: `Message sent to ${smartHost} using outbound connector "${connector.name}"`,
        },
      ],
    });
    return;
  }
  delivery.route = 'direct';
  delivery.hops.push(
    `Exchange Online delivered it directly to ${recipientMx} (MX lookup; Proofpoint bypassed)`,
  );
  receiverChecksSpf(draft, 'exchange-online', recipientMx);
  trace(draft, {
    fromIP: SIMULATED_IPS.exchangeOutbound,
    toIP: SIMULATED_IPS.externalMx,
    events: [
      ...events,
      {
        event: 'Send external',
        description: `Message sent to ${recipientMx} at ${SIMULATED_IPS.externalMx}`,
      },
    ],
  });
}

/** The recipient's server checks the sender domain's SPF; a hard fail is refused. */
function receiverChecksSpf(draft: Draft, sender: SendingHost, recipientMx: string): void {
  const domain = domainOf(draft.input.from);
  const spf = spfVerdict(draft.state, domain, sender, draft.now, draft.input.resolver);
  const seen = spf.source === 'cached' ? " (the receiver's resolver still caches an older record)" : '';
  draft.delivery.hops.push(`${recipientMx}: SPF ${spf.result} for ${domain}${seen}`);
  if (spf.result === 'fail')
    reject(
      draft,
      `${recipientMx}: 550 5.7.23 SPF fail: ${spf.record ?? ''} does not authorise ${sender === 'proofpoint' ? 'Proofpoint' : 'Exchange Online'}${seen}`,
    );
}

/** Sends one message through the sandbox as it is now, and records every trace of it. */
export function sendMail(state: SandboxState, input: MailInput, now: Date = new Date()): MailDelivery {
  for (const [field, value] of [
    ['from', input.from],
    ['to', input.to],
  ] as const)
    if (!ADDRESS.test(value)) throw new InputError(`${field}: "${value}" is not an email address`);
  state.meta.idCounter += 1;
  const messageId = `<${seededUuid(state.seed, `mail:${state.meta.idCounter}`)}@${domainOf(input.from)}>`;
  const direction = exchangeRouteFor(state, { from: input.from, to: input.to }).direction;
  const draft: Draft = {
    state,
    input: {
      from: input.from.toLowerCase(),
      to: input.to.toLowerCase(),
      subject: input.subject ?? 'Sandbox test message',
      threat: input.threat === true,
      resolver: input.resolver ?? 'cached',
      tls: input.tls ?? true,
    },
    messageId,
    now,
    delivery: {
      messageId,
      direction,
      route: 'direct',
      status: 'Delivered',
      hops: [],
      connector: null,
      mx: null,
      proofpointGuid: null,
      traceId: null,
      trapPull: null,
      rejectedReason: null,
    },
  };
  if (direction === 'inbound') inbound(draft);
  else if (direction === 'outbound') outbound(draft);
  else {
    trace(draft, {
      events: [{ event: 'Deliver', description: `Delivered to the inbox of ${draft.input.to}` }],
    });
    deliverToMailbox(state, draft.input.to, messageId);
    draft.delivery.hops.push(`internal: delivered to the inbox of ${draft.input.to}`);
  }
  const { delivery } = draft;
  mailStateOf(state).messages[messageId] = {
    id: messageId,
    sentAt: now.toISOString(),
    from: draft.input.from,
    to: draft.input.to,
    subject: draft.input.subject,
    direction,
    route: delivery.route,
    hops: delivery.hops,
    status: delivery.status,
    connector: delivery.connector,
    threat: draft.input.threat,
    pulledAt: delivery.trapPull?.result === 'quarantined' ? delivery.trapPull.pulledAt : null,
  };
  return delivery;
}
