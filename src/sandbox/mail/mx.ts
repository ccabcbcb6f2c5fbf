// Where the internet delivers mail for a domain: the MX records in the sandbox's zone data (what
// the authoritative servers answer), lowest preference first, and whose hosts they are.
import type { SandboxState } from '../state/model.ts';

export type MxOwner = 'proofpoint' | 'microsoft' | 'other' | 'none';

export interface MxAnswer {
  domain: string;
  hosts: string[];
  owner: MxOwner;
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

export function mxOf(state: SandboxState, domain: string): MxAnswer {
  const name = domain.toLowerCase();
  const hosts = Object.values(state.dns?.records ?? {})
    .filter((r) => r.type === 'MX' && r.name === name)
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.content.localeCompare(b.content))
    .map((r) => r.content.replace(/\.$/, ''));
  return { domain: name, hosts, owner: ownerOf(hosts[0]) };
}

/** Exchange Online's own MX host for a domain, where Proofpoint relays inbound mail by default. */
export function microsoftMxHost(domain: string): string {
  return `${domain.toLowerCase().replaceAll('.', '-')}.mail.protection.outlook.com`;
}
