// Message trace: the mail simulation records each delivery here (recordMessageTrace), and
// Get-MessageTraceV2 and Graph's messageTraces read it back. Get-MessageTraceV2's rules follow
// microsoft-api-notes §2.7: last 90 days, at most 10 days per query, 1000 rows by default and
// 5000 at most, no paging beyond StartingRecipientAddress + EndDate.
import { seededUuid } from '../../../sandbox/ids.ts';
import type { SandboxState } from '../../../sandbox/state/model.ts';
import { invalid } from './errors.ts';
import type { MessageTraceEvent, MessageTraceRecord } from './model.ts';
import { exchangeStateOf } from './seed.ts';
import type { BoundParameters } from './values.ts';

export interface MessageTraceInput {
  senderAddress: string;
  recipientAddress: string;
  subject: string;
  /** Delivered (default), Failed, Pending, Quarantined, FilteredAsSpam. */
  status?: string;
  messageId?: string;
  /** ISO time the message was received; defaults to now. */
  received?: string;
  fromIP?: string | null;
  toIP?: string | null;
  size?: number;
  connector?: string | null;
  events?: Array<Partial<MessageTraceEvent> & { event: string; description: string }>;
}

/** Appends one trace row (one message to one recipient) and returns it. */
export function recordMessageTrace(state: SandboxState, input: MessageTraceInput): MessageTraceRecord {
  const exchange = exchangeStateOf(state);
  state.meta.idCounter += 1;
  const id = seededUuid(state.seed, `messageTrace:${state.meta.idCounter}`);
  const received = input.received ?? new Date().toISOString();
  const record: MessageTraceRecord = {
    MessageTraceId: id,
    MessageId: input.messageId ?? `<${id}@${input.senderAddress.split('@')[1] ?? 'sandbox.example'}>`,
    Received: received,
    SenderAddress: input.senderAddress,
    RecipientAddress: input.recipientAddress,
    Subject: input.subject,
    Status: input.status ?? 'Delivered',
    FromIP: input.fromIP ?? null,
    ToIP: input.toIP ?? null,
    Size: input.size ?? 2048,
    Connector: input.connector ?? null,
    Events: (input.events ?? []).map((e) => ({
      dateTime: e.dateTime ?? received,
      event: e.event,
      action: e.action ?? null,
      description: e.description,
      data: e.data ?? null,
    })),
  };
  exchange.messageTraces[id] = record;
  return record;
}

const DAY_MS = 86_400_000;

function asList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? (value as string[]).map((v) => v.toLowerCase()) : undefined;
}

function subjectMatches(subject: string, wanted: string, how: unknown): boolean {
  const s = subject.toLowerCase();
  const w = wanted.toLowerCase();
  if (how === 'StartsWith') return s.startsWith(w);
  if (how === 'EndsWith') return s.endsWith(w);
  return s.includes(w);
}

/** Get-MessageTraceV2 over the recorded rows, newest first, in the cmdlet's output shape. */
export function getMessageTraceV2(state: SandboxState, bound: BoundParameters, nowMs: number): unknown[] {
  const end = bound.EndDate === undefined ? nowMs : Date.parse(bound.EndDate as string);
  const start = bound.StartDate === undefined ? end - 2 * DAY_MS : Date.parse(bound.StartDate as string);
  if (start > end) throw invalid('StartDate must be earlier than EndDate.');
  if (end - start > 10 * DAY_MS)
    throw invalid('The time range between StartDate and EndDate can’t exceed 10 days.');
  if (start < nowMs - 90 * DAY_MS) throw invalid('StartDate can’t be more than 90 days in the past.');
  const size = (bound.ResultSize as number | undefined) ?? 1000;
  if (size < 1 || size > 5000) throw invalid('ResultSize must be between 1 and 5000.');
  const senders = asList(bound.SenderAddress);
  const recipients = asList(bound.RecipientAddress);
  const statuses = asList(bound.Status);
  const starting = (bound.StartingRecipientAddress as string | undefined)?.toLowerCase();
  return Object.values(exchangeStateOf(state).messageTraces)
    .filter((t) => {
      const at = Date.parse(t.Received);
      if (at < start || at > end) return false;
      if (senders && !senders.includes(t.SenderAddress.toLowerCase())) return false;
      if (recipients && !recipients.includes(t.RecipientAddress.toLowerCase())) return false;
      if (statuses && !statuses.includes(t.Status.toLowerCase())) return false;
      if (bound.MessageId !== undefined && t.MessageId !== bound.MessageId) return false;
      if (bound.MessageTraceId !== undefined && t.MessageTraceId !== bound.MessageTraceId) return false;
      if (bound.FromIP !== undefined && t.FromIP !== bound.FromIP) return false;
      if (bound.ToIP !== undefined && t.ToIP !== bound.ToIP) return false;
      if (
        typeof bound.Subject === 'string' &&
        !subjectMatches(t.Subject, bound.Subject, bound.SubjectFilterType)
      )
        return false;
      if (starting !== undefined && at === end && t.RecipientAddress.toLowerCase() <= starting) return false;
      return true;
    })
    .sort(
      (a, b) => b.Received.localeCompare(a.Received) || a.RecipientAddress.localeCompare(b.RecipientAddress),
    )
    .slice(0, size)
    .map(({ Events: _events, Connector: _connector, ...row }) => row);
}
