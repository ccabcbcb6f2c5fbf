// The sandbox's zones: contoso.example (mail to Exchange Online, the SOP's starting point) and
// fabrikam.example (another customer zone in the same account). The MX TTL is a seed option so
// tests can make the SOP's "wait for the old TTL" take seconds without faking any clock.
import { createHash } from 'node:crypto';
import { InputError } from '../../../errors.ts';
import type { DnsRecordRecord, DnsState, SandboxRecordType } from './model.ts';

export const DEFAULT_MX_TTL = 3600;
export const SANDBOX_DNS_ACCOUNT = 'contoso-it';

export interface DnsSeedOptions {
  /**
   * TTL of contoso.example's MX and SPF records (default 3600 s): the TTLs a cutover waits out.
   * At least 2: Cloudflare reads a TTL of 1 as "automatic", so no zone can hold a 1 s TTL there.
   */
  mxTtl?: number;
  /** Seed those two records with Cloudflare's "automatic" TTL (served as 300 s) instead. */
  automaticTtl?: boolean;
  /** Lowest TTL the Cloudflare-style API accepts (default 60); tests with second-long TTLs lower it. */
  minTtl?: number;
}

export function recordIdFor(
  zoneId: string,
  type: string,
  name: string,
  content: string,
  priority?: number,
): string {
  return createHash('sha256')
    .update(`${zoneId}|${type}|${name}|${content}|${priority ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}

function zoneIdFor(seed: number, name: string): string {
  return createHash('sha256').update(`zone|${seed}|${name}`).digest('hex').slice(0, 32);
}

export function seedDns(seed: number, options: DnsSeedOptions = {}): DnsState {
  if (options.mxTtl !== undefined && (!Number.isInteger(options.mxTtl) || options.mxTtl < 2))
    throw new InputError(
      `sandbox MX TTL ${options.mxTtl}: use 2 seconds or more (Cloudflare reads a TTL of 1 as "automatic", 300 s)`,
    );
  const state: DnsState = { zones: {}, records: {}, serials: {}, resolverCache: {} };
  const add = (
    zoneId: string,
    type: SandboxRecordType,
    name: string,
    content: string,
    ttl: number | 'automatic',
    priority?: number,
  ) => {
    const id = recordIdFor(zoneId, type, name, content, priority);
    const record: DnsRecordRecord = {
      id,
      zoneId,
      name,
      type,
      content,
      ...(ttl === 'automatic' ? { ttl: 300, automatic: true } : { ttl }),
      ...(priority === undefined ? {} : { priority }),
    };
    state.records[id] = record;
  };
  const zone = (name: string) => {
    const id = zoneIdFor(seed, name);
    const nameServers = [`ns1.${name}`, `ns2.${name}`];
    state.zones[id] = { id, name, nameServers, account: SANDBOX_DNS_ACCOUNT, minTtl: options.minTtl ?? 60 };
    state.serials[id] = { zoneId: id, serial: 2026110101 };
    for (const ns of nameServers) {
      add(id, 'NS', name, ns, 86400);
      add(id, 'A', ns, '127.0.0.1', 86400);
    }
    return id;
  };
  const contoso = zone('contoso.example');
  const mailTtl = options.automaticTtl ? 'automatic' : (options.mxTtl ?? DEFAULT_MX_TTL);
  add(contoso, 'MX', 'contoso.example', 'contoso-example.mail.protection.outlook.com', mailTtl, 0);
  add(contoso, 'TXT', 'contoso.example', 'v=spf1 include:spf.protection.outlook.com -all', mailTtl);
  add(contoso, 'A', 'www.contoso.example', '192.0.2.80', 3600);
  const fabrikam = zone('fabrikam.example');
  add(fabrikam, 'MX', 'fabrikam.example', 'fabrikam-example.mail.protection.outlook.com', 3600, 0);
  add(fabrikam, 'TXT', 'fabrikam.example', 'v=spf1 include:spf.protection.outlook.com -all', 3600);
  return state;
}
