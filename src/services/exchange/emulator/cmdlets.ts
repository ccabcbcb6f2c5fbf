// The cmdlets the sandbox serves and the parameters each accepts, with their value kinds.
// Source: ../shared/reference/microsoft-api-notes.md §2.4 (syntax blocks and tables of
// New-InboundConnector, New-OutboundConnector, New-TransportRule and their Get/Set/Remove
// counterparts) and §2.7 (Get-MessageTraceV2). test/sandbox/exchange-cmdlets.test.ts checks these
// lists against the notes. Get-AcceptedDomain is not in the notes; Identity and ResultSize are the
// cmdlet's usual read parameters.

export type ParameterKind =
  | { kind: 'string'; max?: number }
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'list' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'result-size' }
  | { kind: 'date' };

const text: ParameterKind = { kind: 'string' };
const bool: ParameterKind = { kind: 'bool' };
const list: ParameterKind = { kind: 'list' };
const name: ParameterKind = { kind: 'string', max: 64 };
const oneOf = (...values: string[]): ParameterKind => ({ kind: 'enum', values });

export const CONNECTOR_SOURCES = ['Default', 'Migrated', 'HybridWizard', 'AdminUI'] as const;

export const INBOUND_CONNECTOR_SETTINGS: Record<string, ParameterKind> = {
  Name: name,
  SenderDomains: list,
  AssociatedAcceptedDomains: list,
  ClientHostNames: list,
  CloudServicesMailEnabled: bool,
  Comment: text,
  ConnectorSource: oneOf(...CONNECTOR_SOURCES),
  ConnectorType: oneOf('OnPremises', 'Partner'),
  EFSkipIPs: list,
  EFSkipLastIP: bool,
  EFSkipMailGateway: list,
  EFTestMode: bool,
  EFUsers: list,
  Enabled: bool,
  RequireTls: bool,
  RestrictDomainsToCertificate: bool,
  RestrictDomainsToIPAddresses: bool,
  ScanAndDropRecipients: list,
  SenderIPAddresses: list,
  TlsSenderCertificateName: text,
  TreatMessagesAsInternal: bool,
  TrustedOrganizations: list,
};

export const OUTBOUND_CONNECTOR_SETTINGS: Record<string, ParameterKind> = {
  Name: name,
  AllAcceptedDomains: bool,
  CloudServicesMailEnabled: bool,
  Comment: text,
  ConnectorSource: oneOf(...CONNECTOR_SOURCES),
  ConnectorType: oneOf('OnPremises', 'Partner'),
  Enabled: bool,
  IsTransportRuleScoped: bool,
  LinkForModifiedConnector: text,
  MtaStsMode: oneOf('Enabled', 'Disabled'),
  RecipientDomains: list,
  RouteAllMessagesViaOnPremises: bool,
  SenderRewritingEnabled: bool,
  SmartHosts: list,
  SmtpDaneMode: oneOf('Enabled', 'Disabled'),
  TestMode: bool,
  TlsDomain: text,
  TlsSettings: oneOf('EncryptionOnly', 'CertificateValidation', 'DomainValidation'),
  UseMXRecord: bool,
};

export const TRANSPORT_RULE_SETTINGS: Record<string, ParameterKind> = {
  Name: name,
  FromScope: oneOf('InOrganization', 'NotInOrganization'),
  SentToScope: oneOf('InOrganization', 'NotInOrganization', 'ExternalPartner', 'ExternalNonPartner'),
  RouteMessageOutboundConnector: text,
  SenderDomainIs: list,
  Priority: { kind: 'int' },
  Mode: oneOf('Audit', 'AuditAndNotify', 'Enforce'),
  Enabled: bool,
  StopRuleProcessing: bool,
  Comments: { kind: 'string', max: 1024 },
  ExceptIfSentTo: list,
  ExceptIfRecipientDomainIs: list,
  ExceptIfFromMemberOf: list,
  ExceptIfHeaderContainsMessageHeader: text,
  ExceptIfHeaderContainsWords: list,
  SetHeaderName: text,
  SetHeaderValue: text,
};

const identity: Record<string, ParameterKind> = { Identity: text };
const resultSize: ParameterKind = { kind: 'result-size' };
const removal = { Identity: text, Confirm: bool, WhatIf: bool };

/** Every cmdlet the sandbox serves, mapped to the parameters it accepts. */
export const CMDLET_PARAMETERS: Record<string, Record<string, ParameterKind>> = {
  'Get-InboundConnector': { ...identity, ResultSize: resultSize },
  'New-InboundConnector': INBOUND_CONNECTOR_SETTINGS,
  'Set-InboundConnector': { ...identity, ...INBOUND_CONNECTOR_SETTINGS },
  'Remove-InboundConnector': removal,
  'Get-OutboundConnector': {
    ...identity,
    IncludeTestModeConnectors: bool,
    IsTransportRuleScoped: bool,
    ResultSize: resultSize,
  },
  'New-OutboundConnector': OUTBOUND_CONNECTOR_SETTINGS,
  'Set-OutboundConnector': { ...identity, ...OUTBOUND_CONNECTOR_SETTINGS },
  'Remove-OutboundConnector': removal,
  'Get-TransportRule': {
    ...identity,
    State: oneOf('Enabled', 'Disabled'),
    DlpPolicy: text,
    ExcludeConditionActionDetails: bool,
    Filter: text,
    ResultSize: resultSize,
  },
  'New-TransportRule': TRANSPORT_RULE_SETTINGS,
  'Set-TransportRule': { ...identity, ...TRANSPORT_RULE_SETTINGS },
  'Remove-TransportRule': removal,
  'Get-AcceptedDomain': { ...identity, ResultSize: resultSize },
  'Get-MessageTraceV2': {
    EndDate: { kind: 'date' },
    FromIP: text,
    MessageId: text,
    MessageTraceId: text,
    RecipientAddress: list,
    ResultSize: { kind: 'int' },
    SenderAddress: list,
    StartDate: { kind: 'date' },
    StartingRecipientAddress: text,
    Status: list,
    SubjectFilterType: oneOf('Contains', 'EndsWith', 'StartsWith'),
    Subject: text,
    ToIP: text,
  },
};

/** Parameters a cmdlet cannot run without. */
export const REQUIRED_PARAMETERS: Record<string, readonly string[]> = {
  'New-InboundConnector': ['Name', 'SenderDomains'],
  'New-OutboundConnector': ['Name'],
  'New-TransportRule': ['Name'],
  'Set-InboundConnector': ['Identity'],
  'Set-OutboundConnector': ['Identity'],
  'Set-TransportRule': ['Identity'],
  'Remove-InboundConnector': ['Identity'],
  'Remove-OutboundConnector': ['Identity'],
  'Remove-TransportRule': ['Identity'],
};
