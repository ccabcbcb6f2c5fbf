// Multi-valued properties of Get-<Noun> rows, in both forms the admin API can return them.
//
// With `X-SerializationLevel: Partial` (what the public InvokeCommand clients send, and so do we)
// each value is its string form: live Get-InboundConnector / Get-OutboundConnector rows captured
// over InvokeCommand (rknightion/graph2otel, internal/collectors/exchangeconnectors tests, 2026-07)
// read `"SenderIPAddresses": ["81.187.237.31"]`, `"SenderDomains": ["smtp:*;1"]`,
// `"SmartHosts": ["smtp-relay.gmail.com"]`. At a fuller serialization level a value arrives as
// the .NET object Exchange holds. No public capture of that form was found, so it is modelled
// from the types' public properties: Microsoft.Exchange.Data.IPRange (LowerBound, UpperBound,
// CIDRLength, RangeFormat, whose values are the IPRange.Format enumeration on Microsoft Learn,
// Exchange Server API: Invalid, CIDR, Netmask, LoHi, SingleAddress), SmartHost (Domain, Address,
// IsIPAddress), SmtpDomainWithSubdomains (Domain, IncludeSubDomains, Address) and AddressSpace
// (Type, Address, Cost). Both forms reduce to the string form; anything else fails the parse with
// the property's path, because reading an unknown shape as "empty" would make every plan see
// drift and every verify fail.
import { z } from 'zod';

const text = z.string().min(1);

/** IPRange: "a.b.c.d", "a.b.c.d/nn" or "lo-hi". */
const IpRangeObject = z
  .object({
    LowerBound: text,
    UpperBound: text,
    CIDRLength: z.number().int().min(0).max(128),
    RangeFormat: z.enum(['CIDR', 'Netmask', 'LoHi', 'SingleAddress']),
  })
  .transform((r) => {
    if (r.RangeFormat === 'SingleAddress') return r.LowerBound;
    if (r.RangeFormat === 'LoHi') return `${r.LowerBound}-${r.UpperBound}`;
    return `${r.LowerBound}/${r.CIDRLength}`;
  });

/** SmartHost: a host name, or an IP address when IsIPAddress. */
const SmartHostObject = z
  .object({ IsIPAddress: z.boolean(), Domain: text.nullable(), Address: text.nullable() })
  .refine((h) => (h.IsIPAddress ? h.Address : h.Domain) !== null, 'a smart host without its value')
  .transform((h) => (h.IsIPAddress ? h.Address! : h.Domain!));

/** SmtpDomainWithSubdomains: "contoso.com", or "*.contoso.com" with subdomains. */
const SmtpDomainObject = z
  .object({ Domain: text, IncludeSubDomains: z.boolean() })
  .transform((d) => (d.IncludeSubDomains && d.Domain !== '*' ? `*.${d.Domain}` : d.Domain));

/** AddressSpace: "smtp:*;1" (type, address, cost). */
const AddressSpaceObject = z
  .object({ Type: text, Address: text, Cost: z.number().int() })
  .transform((a) => `${a.Type}:${a.Address};${a.Cost}`);

export type ValueForm = 'ip-range' | 'smart-host' | 'smtp-domain' | 'address-space' | 'text';

const OBJECT_FORMS: Record<ValueForm, z.ZodType<string> | undefined> = {
  'ip-range': IpRangeObject,
  'smart-host': SmartHostObject,
  'smtp-domain': SmtpDomainObject,
  'address-space': AddressSpaceObject,
  text: undefined,
};

function valueOf(form: ValueForm): z.ZodType<string> {
  const objectForm = OBJECT_FORMS[form];
  return objectForm
    ? z.union([text, objectForm], {
        error: `not a string or a known ${form} object (an unknown value shape)`,
      })
    : z.string({ error: 'not a string (an unknown value shape)' }).min(1);
}

/** A single value of one of these types (e.g. TlsDomain), or null when unset. */
export function singleValued(form: ValueForm) {
  return valueOf(form)
    .nullable()
    .optional()
    .transform((v): string | null => v ?? null);
}

/** A multi-valued property: an array (or null when unset) of strings or of the type's objects. */
export function multiValued(form: ValueForm) {
  const item = valueOf(form);
  return z
    .array(item, { error: `not a list of ${form} values (an unknown value shape)` })
    .nullable()
    .optional()
    .transform((v): string[] => v ?? []);
}
