// The Proofpoint section of the sandbox state: the Essentials organisation (domains, users), the
// PoD admin-portal settings that have no API (set only when an operator confirms the manual
// step in the sandbox), and what Proofpoint logged of the mail that went through it.
import type { TrapPullRecord } from '../../../sandbox/mail/model.ts';

export interface EssentialsDomainRecord {
  /** `${org}/${name}` */
  id: string;
  org: string;
  name: string;
  is_active: boolean;
  is_relay: boolean;
  /** Where Proofpoint delivers the domain's inbound mail. */
  destination: string | null;
  /** Tried in order when the destination does not answer (absent in states saved before). */
  failovers?: string[];
}

export interface EssentialsUserRecord {
  /** `${org}/${primary_email}` */
  id: string;
  org: string;
  primary_email: string;
  firstname: string;
  surname: string;
  type: string;
  is_active: boolean;
  alias_emails: string[];
}

/** A PoD portal page's saved settings ("User Management > Import/Sync > Directory Sync", TRAP wizard). */
export interface PortalSettingRecord {
  id: 'directory-sync' | 'trap';
  displayName: string;
  appId: string;
  tenantId: string;
  /** e.g. sync schedule in hours. */
  settings: Record<string, string>;
}

/** One message as Proofpoint handled it (mail log), with the TAP view when it carried a threat. */
export interface ProofpointMessageRecord {
  id: string;
  GUID: string;
  QID: string;
  messageTime: string;
  direction: 'inbound' | 'outbound';
  sender: string;
  recipient: [string];
  subject: string;
  /** delivered | blocked */
  disposition: 'delivered' | 'blocked';
  /** The host Proofpoint relayed the message to. */
  relayedTo: string;
  threat: { threatType: 'url' | 'attachment' | 'messageText'; threat: string; classification: string } | null;
}

export interface ProofpointState {
  essentialsDomains: Record<string, EssentialsDomainRecord>;
  essentialsUsers: Record<string, EssentialsUserRecord>;
  portal: Record<string, PortalSettingRecord>;
  messages: Record<string, ProofpointMessageRecord>;
  /** Threat Response Auto-Pull's actions on delivered threats (the mail simulation adds them). */
  trapPulls?: Record<string, TrapPullRecord>;
}

/** The mail log grows with every test message; rollback never takes it back. */
export const PROOFPOINT_VOLATILE_COLLECTIONS = ['proofpoint.messages', 'proofpoint.trapPulls'];
