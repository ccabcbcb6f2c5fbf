// Shared by the dns.* steps: domain and host validation, and what every authoritative server of
// a zone answers for a name, summarised for plans, outputs and verification.
import { z } from 'zod';
import { InputError } from '../../../errors.ts';
import type { StepContext } from '../../../steps/contract.ts';
import { answerProblems, formatMx, sameMx, type DnsProviderKind, type MxRecord } from './index.ts';

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export const DomainName = z
  .string()
  .transform((d) => d.toLowerCase().replace(/\.$/, ''))
  .refine((d) => HOSTNAME.test(d), { error: 'must be a domain name like contoso.com' });
export const HostName = z
  .string()
  .transform((d) => d.toLowerCase().replace(/\.$/, ''))
  .refine((d) => HOSTNAME.test(d), { error: 'must be a host name like mx1-us1.ppe-hosted.com' });
export const Domains = z.array(DomainName).min(1);

export interface ServerMx {
  server: string;
  address: string;
  authoritative: boolean;
  serial: number | null;
  ttl: number | null;
  mx: string[];
}

export async function mxAtEveryServer(ctx: StepContext, domain: string): Promise<ServerMx[]> {
  const dns = await ctx.services.dns();
  const view = await dns.authoritative.query(domain, domain, 'MX', ctx.signal);
  return view.answers.map((a) => {
    const records: MxRecord[] = a.records.flatMap((r) =>
      r.type === 'MX' ? [{ exchange: r.exchange, preference: r.preference }] : [],
    );
    return {
      server: a.server.name,
      address: `${a.server.address.host}:${a.server.address.port}`,
      authoritative: answerProblems(a).length === 0,
      serial: a.serial ?? null,
      ttl: a.records.length ? Math.max(...a.records.map((r) => r.ttl)) : null,
      mx: formatMx(records) === '(none)' ? [] : formatMx(records).split(', '),
    };
  });
}

/** One line per server: does it give exactly the wanted MX set (and TTL, when given)? */
export async function checkMxEverywhere(
  ctx: StepContext,
  domain: string,
  wanted: MxRecord[],
  ttl?: number,
): Promise<{ ok: boolean; lines: string[] }> {
  const servers = await mxAtEveryServer(ctx, domain);
  const want = formatMx(wanted);
  const lines = servers.map((s) => {
    const got = s.mx.join(', ') || '(none)';
    const ok = s.authoritative && got === want && (ttl === undefined || s.ttl === ttl);
    return `${ok ? 'ok' : 'MISMATCH'}: ${domain} MX at ${s.server} (${s.address}, serial ${s.serial ?? '?'}): ${got}, TTL ${s.ttl ?? '-'}`;
  });
  return { ok: servers.length > 0 && lines.every((l) => l.startsWith('ok')), lines };
}

export { formatMx, sameMx };

/**
 * A TTL of 1 cannot be written to Cloudflare as seconds: it means "automatic" there (300 s), so
 * the record would be cached longer than the plan says and its verification would fail.
 */
export function refuseAutomaticTtl(kind: DnsProviderKind, ttl: number, stepId: string): void {
  if (kind === 'cloudflare' && ttl === 1)
    throw new InputError(`step ${stepId}: a TTL of 1 means "automatic" (300 s) on Cloudflare`, [], {
      hint: 'Use 60 seconds or more (30 on Cloudflare Enterprise), e.g. the default 300.',
    });
}

/** Exchange hosts in order get preferences 10, 20, 30, ... */
export function mxFromHosts(hosts: string[]): MxRecord[] {
  return hosts.map((exchange, i) => ({ exchange, preference: (i + 1) * 10 }));
}
