// The mail simulation's section of the sandbox state: what each mailbox holds (so a TRAP pull is
// visible as a message leaving the inbox) and the simulation's own log of every message sent.

export interface MailboxRecord {
  /** The mailbox's address, lower case (the record's id too). */
  id: string;
  /** Internet message ids of the messages in the inbox, oldest first. */
  inbox: string[];
}

export type MailRoute = 'proofpoint' | 'direct' | 'rejected';

/** One message as the simulation handled it: the path it took and where it ended. */
export interface SentMailRecord {
  /** The internet message id, e.g. `<uuid@external.example>`. */
  id: string;
  sentAt: string;
  from: string;
  to: string;
  subject: string;
  direction: 'inbound' | 'outbound' | 'internal';
  route: MailRoute;
  /** Each hop in order, one line each, e.g. `MX contoso.example -> mx1-us1.ppe-hosted.com`. */
  hops: string[];
  /** Delivered | Failed, as message trace shows it. */
  status: 'Delivered' | 'Failed';
  connector: string | null;
  threat: boolean;
  /** Set when TRAP pulled the message out of the mailbox. */
  pulledAt: string | null;
}

export interface MailState {
  mailboxes: Record<string, MailboxRecord>;
  messages: Record<string, SentMailRecord>;
}

/** Mail is history, not configuration: a rollback never takes it back. */
export const MAIL_VOLATILE_COLLECTIONS = ['mail.mailboxes', 'mail.messages'];

/** TRAP pulled (or failed to pull) a message out of a mailbox. Kept in the Proofpoint state. */
export interface TrapPullRecord {
  id: string;
  messageId: string;
  recipient: string;
  pulledAt: string;
  /** The TRAP app (the portal's trap page) that moved the message. */
  appId: string;
  /** quarantined: moved out of the inbox; failed: the app could not (reason says why). */
  result: 'quarantined' | 'failed';
  reason: string | null;
}
