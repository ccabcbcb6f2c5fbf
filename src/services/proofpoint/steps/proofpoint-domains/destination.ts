// Where Proofpoint relays a domain's inbound mail: the tenant's Exchange Online MX host, which
// the Essentials domain object calls `destination` (help.proofpoint.com "API and Domains") and
// the PoD guide sets in the Inbound Mail Table. In order:
//   1. `destination:` in the runbook, for every domain;
//   2. the destination Essentials already has for the domain (never overwritten unasked);
//   3. the domain's current MX at its authoritative servers, when that is Exchange Online's
//      (`*.mail.protection.outlook.com`, or `*.mx.microsoft` for tenants on the newer MX): the
//      host that receives the domain's mail today, read before the cutover moves MX to Proofpoint;
//   4. Microsoft's documented MX form for an accepted domain, `<domain with dots as dashes>
//      .mail.protection.outlook.com` (Learn: "Add DNS records to connect your domain").
// The domain must be an accepted domain of the tenant (Get-AcceptedDomain): Exchange Online
// refuses mail for any other, so relaying it there would bounce.
import { InputError } from '../../../../errors.ts';
import type { StepContext } from '../../../../steps/contract.ts';
import { mxAtEveryServer } from '../../../dns/client/zone-view.ts';

const EXCHANGE_MX = /\.(mail\.protection\.outlook\.com|mx\.microsoft)$/i;

export type DestinationSource = 'runbook' | 'essentials' | 'current MX' | 'Exchange Online MX form';

export interface Destination {
  host: string;
  source: DestinationSource;
}

export function exchangeMxForm(domain: string): string {
  return `${domain.toLowerCase().replaceAll('.', '-')}.mail.protection.outlook.com`;
}

async function currentExchangeMx(ctx: StepContext, domain: string): Promise<string | undefined> {
  let servers;
  try {
    servers = await mxAtEveryServer(ctx, domain);
  } catch (error) {
    // The MX only refines the default; without it the documented form (4.) still applies.
    ctx.log.warn(
      `could not read the MX of ${domain}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
  const hosts = servers.flatMap((s) => s.mx.map((entry) => entry.split(' ').at(-1)!.replace(/\.$/, '')));
  return hosts.find((h) => EXCHANGE_MX.test(h))?.toLowerCase();
}

export async function assertAccepted(ctx: StepContext, domains: string[]): Promise<void> {
  const accepted = new Set(
    (await (await ctx.services.exchange()).listAcceptedDomains()).map((d) => d.DomainName.toLowerCase()),
  );
  const foreign = domains.filter((d) => !accepted.has(d));
  if (foreign.length > 0)
    throw new InputError(
      `${foreign.join(', ')} ${foreign.length === 1 ? 'is not an accepted domain' : 'are not accepted domains'} of the Exchange Online tenant: Proofpoint would relay their mail to a tenant that refuses it`,
      [],
      { hint: 'Add and verify the domain in Microsoft 365 first, or remove it from inputs.domains.' },
    );
}

export async function destinationFor(
  ctx: StepContext,
  domain: string,
  runbook: string | undefined,
  inEssentials: string | null | undefined,
): Promise<Destination> {
  if (runbook) return { host: runbook.toLowerCase(), source: 'runbook' };
  if (inEssentials) return { host: inEssentials.toLowerCase(), source: 'essentials' };
  const mx = await currentExchangeMx(ctx, domain);
  if (mx) return { host: mx, source: 'current MX' };
  return { host: exchangeMxForm(domain), source: 'Exchange Online MX form' };
}
