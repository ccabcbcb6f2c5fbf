// Where the internet delivers mail for a domain: the MX answer a sender's resolver gives (the
// authoritative zone data, or an older answer a resolver still caches: dns/rrset-history.ts),
// lowest preference first, and whose hosts they are.
import { senderAnswer, type ResolverView } from '../../services/dns/emulator/rrset-history.ts';
import type { SandboxState } from '../state/model.ts';

export type MxOwner = 'proofpoint' | 'microsoft' | 'other' | 'none';

export interface MxAnswer {
  domain: string;
  hosts: string[];
  owner: MxOwner;
  /** 'cached': the authoritative servers no longer give this answer, but a resolver still may. */
  source: 'authoritative' | 'cached';
}

const PROOFPOINT_HOST = /\.(ppe-hosted\.com|pphosted\.com)$/i;
const MICROSOFT_HOST = /\.mail\.protection\.outlook\.com$/i;

export function isProofpointHost(host: string): boolean {
  return PROOFPOINT_HOST.test(host.replace(/\.$/, ''));
}

export function ownerOf(host: string | undefined): MxOwner {
  if (host === undefined) return 'none';
  if (isProofpointHost(host)) return 'proofpoint';
  return MICROSOFT_HOST.test(host.replace(/\.$/, '')) ? 'microsoft' : 'other';
}

export function mxOf(
  state: SandboxState,
  domain: string,
  now: Date = new Date(),
  view: ResolverView = 'fresh',
): MxAnswer {
  const name = domain.toLowerCase();
  if (!state.dns) return { domain: name, hosts: [], owner: 'none', source: 'authoritative' };
  const answer = senderAnswer(state.dns, name, 'MX', now.getTime(), view);
  const hosts = answer.records.map((r) => r.content.replace(/\.$/, ''));
  return { domain: name, hosts, owner: ownerOf(hosts[0]), source: answer.source };
}

/** Exchange Online's own MX host for a domain, where Proofpoint relays inbound mail by default. */
export function microsoftMxHost(domain: string): string {
  return `${domain.toLowerCase().replaceAll('.', '-')}.mail.protection.outlook.com`;
}
