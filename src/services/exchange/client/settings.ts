// The cmdlet parameters the tool writes, typed after microsoft-api-notes §2.4. Every name here is
// a parameter of the New-/Set- cmdlet it is sent to; test/adapters/exchange checks that.

export interface InboundConnectorSettings {
  [parameter: string]: string | number | boolean | string[] | null;
  Name: string;
  ConnectorType: 'Partner' | 'OnPremises';
  SenderDomains: string[];
  SenderIPAddresses: string[];
  RequireTls: boolean;
  RestrictDomainsToIPAddresses: boolean;
  EFSkipLastIP: boolean;
  EFSkipIPs: string[];
  Enabled: boolean;
  Comment: string | null;
}

export type TlsSettings = 'EncryptionOnly' | 'CertificateValidation' | 'DomainValidation';

export interface OutboundConnectorSettings {
  [parameter: string]: string | number | boolean | string[] | null;
  Name: string;
  ConnectorType: 'Partner' | 'OnPremises';
  SmartHosts: string[];
  UseMXRecord: boolean;
  IsTransportRuleScoped: boolean;
  TlsSettings: TlsSettings | null;
  TlsDomain: string | null;
  Enabled: boolean;
  Comment: string | null;
}

export interface TransportRuleSettings {
  [parameter: string]: string | number | boolean | string[] | null;
  Name: string;
  FromScope: 'InOrganization' | 'NotInOrganization';
  SentToScope: 'InOrganization' | 'NotInOrganization' | 'ExternalPartner' | 'ExternalNonPartner';
  RouteMessageOutboundConnector: string;
  Mode: 'Audit' | 'AuditAndNotify' | 'Enforce';
  Priority: number;
  Enabled: boolean;
  Comments: string | null;
}
