// The Exchange Online section of the sandbox state. Admin objects are stored as Get-<Noun> returns
// them over InvokeCommand: PascalCase cmdlet property names, multi-valued properties as arrays.

/** A connector or transport rule; the fields each noun carries are listed in ./cmdlets.ts. */
export type ExchangeObjectRecord = {
  Identity: string;
  Name: string;
  Guid: string;
  WhenCreated: string;
} & Record<string, unknown>;

export interface AcceptedDomainRecord {
  Identity: string;
  Name: string;
  DomainName: string;
  DomainType: 'Authoritative' | 'InternalRelay' | 'ExternalRelay';
  Default: boolean;
  Guid: string;
}

/** One hop of a message's trace, like Graph's exchangeMessageTraceDetail. */
export interface MessageTraceEvent {
  dateTime: string;
  event: string;
  action: string | null;
  description: string;
  data: string | null;
}

/** One message to one recipient, in Get-MessageTraceV2's output shape plus the events. */
export interface MessageTraceRecord {
  MessageTraceId: string;
  MessageId: string;
  Received: string;
  SenderAddress: string;
  RecipientAddress: string;
  Subject: string;
  /** Delivered | Failed | Pending | Quarantined | FilteredAsSpam | Expanded | GettingStatus */
  Status: string;
  FromIP: string | null;
  ToIP: string | null;
  Size: number;
  /** The connector the message left or arrived through, when one applied. */
  Connector: string | null;
  Events: MessageTraceEvent[];
}

export interface ExchangeState {
  acceptedDomains: Record<string, AcceptedDomainRecord>;
  inboundConnectors: Record<string, ExchangeObjectRecord>;
  outboundConnectors: Record<string, ExchangeObjectRecord>;
  transportRules: Record<string, ExchangeObjectRecord>;
  messageTraces: Record<string, MessageTraceRecord>;
}
