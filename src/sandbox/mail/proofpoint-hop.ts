// Proofpoint's part of a delivery: it accepts mail only for domains its customer added (Essentials
// domains), and logs every message it handles in its mail log (TAP shows those with threats).
import { createHash } from 'node:crypto';
import type { ProofpointMessageRecord } from '../../services/proofpoint/emulator/model.ts';
import { proofpointStateOf } from '../../services/proofpoint/emulator/state.ts';
import type { SandboxState } from '../state/model.ts';

/** Why Proofpoint refuses mail for (or from) this domain, or undefined when it relays it. */
export function proofpointAccepts(state: SandboxState, domain: string): string | undefined {
  const hosted = Object.values(proofpointStateOf(state).essentialsDomains).some(
    (d) => d.name === domain.toLowerCase() && d.is_active,
  );
  return hosted
    ? undefined
    : `550 5.7.1 relaying denied: ${domain} is not a domain of this Proofpoint organisation`;
}

/**
 * Proofpoint Essentials is a closed relay: "all mail going through the Essentials platform must
 * have a user associated with the platform, whether that be an End-User, Alias, or Functional
 * Account" (Proofpoint Essentials help, "Issues with Email Auto-forwarding"). Why it refuses an
 * outbound sender, or undefined when the sender is one of its users.
 */
export function proofpointRefusesSender(state: SandboxState, address: string): string | undefined {
  const wanted = address.toLowerCase();
  const known = Object.values(proofpointStateOf(state).essentialsUsers).some(
    (u) =>
      u.is_active &&
      (u.primary_email.toLowerCase() === wanted ||
        (u.alias_emails ?? []).some((a) => a.toLowerCase() === wanted)),
  );
  return known
    ? undefined
    : `554 5.7.1 Relay access denied: ${address} is not a user of this Proofpoint organisation`;
}

/**
 * Where Proofpoint relays inbound mail for a domain: the domain's destination (Essentials "API and
 * Domains": the relay host), or, when none is set, where the sandbox has always relayed it.
 */
export function proofpointDestination(state: SandboxState, domain: string): string | null {
  const entry = Object.values(proofpointStateOf(state).essentialsDomains).find(
    (d) => d.name === domain.toLowerCase() && d.is_active,
  );
  return entry?.destination?.toLowerCase().replace(/\.$/, '') ?? null;
}

export interface ProofpointLogInput {
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  subject: string;
  threat: boolean;
  relayedTo: string;
  now: Date;
}

/** The benign test threat TAP reports (a URL on a documentation domain, classified as phish). */
export const TEST_THREAT = {
  threatType: 'url',
  threat: 'https://phish-test.sandbox.example/benign',
  classification: 'phish',
} as const;

export function proofpointLog(state: SandboxState, input: ProofpointLogInput): ProofpointMessageRecord {
  const proofpoint = proofpointStateOf(state);
  state.meta.idCounter += 1;
  const digest = createHash('sha256').update(`${state.seed}:ppmsg:${state.meta.idCounter}`).digest('hex');
  const record: ProofpointMessageRecord = {
    id: digest.slice(0, 24),
    GUID: digest.slice(0, 32),
    QID: digest.slice(32, 46),
    messageTime: input.now.toISOString(),
    direction: input.direction,
    sender: input.from,
    recipient: [input.to],
    subject: input.subject,
    disposition: 'delivered',
    relayedTo: input.relayedTo,
    threat: input.threat ? { ...TEST_THREAT } : null,
  };
  proofpoint.messages[record.id] = record;
  return record;
}
