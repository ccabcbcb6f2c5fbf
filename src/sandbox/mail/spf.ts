// The receiving side's SPF check (RFC 7208) of an outbound message, as far as the sandbox needs it:
// does the sender domain's SPF record, as the receiver's resolver sees it (possibly an older,
// still-cached record), authorise the host that delivered the message? Only the mechanisms the
// SOP's records use are evaluated (include:/a: by host-name suffix, ip4:); "-all" fails the rest.
// A hard fail is refused, as receivers enforcing DMARC p=reject or SPF -all do (5.7.23 is the code
// Exchange Online itself answers for SPF failures; other receivers word it differently).
import { senderAnswer, type ResolverView } from '../../services/dns/emulator/rrset-history.ts';
import type { SandboxState } from '../state/model.ts';

export interface SpfVerdict {
  result: 'pass' | 'fail' | 'softfail' | 'none';
  record: string | null;
  /** Which answer the receiver used. */
  source: 'authoritative' | 'cached';
}

/** The sending side as SPF sees it: Proofpoint's outbound relay, or Exchange Online itself. */
export type SendingHost = 'proofpoint' | 'exchange-online';

const AUTHORISES: Record<SendingHost, RegExp> = {
  proofpoint: /^(?:include|a):(?:[a-z0-9-]+\.)*(?:ppe-hosted\.com|pphosted\.com)$/i,
  'exchange-online': /^include:spf\.protection\.outlook\.com$/i,
};

export function spfVerdict(
  state: SandboxState,
  domain: string,
  sender: SendingHost,
  now: Date,
  view: ResolverView = 'cached',
): SpfVerdict {
  if (!state.dns) return { result: 'none', record: null, source: 'authoritative' };
  const answer = senderAnswer(state.dns, domain.toLowerCase(), 'TXT', now.getTime(), view);
  const record = answer.records
    .map((r) => r.content.replace(/^"|"$/g, ''))
    .find((text) => /^v=spf1(\s|$)/i.test(text));
  if (!record) return { result: 'none', record: null, source: answer.source };
  const terms = record.split(/\s+/).slice(1);
  const pass = terms.some((t) => AUTHORISES[sender].test(t.replace(/^\+/, '')));
  const all = terms.find((t) => /^[-~?+]?all$/i.test(t));
  const result = pass ? 'pass' : all?.startsWith('-') ? 'fail' : all?.startsWith('~') ? 'softfail' : 'none';
  return { result, record, source: answer.source };
}
