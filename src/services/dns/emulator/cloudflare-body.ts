// The fields a Cloudflare DNS record body may hold for the record types the sandbox serves, with
// their JSON types, from Cloudflare's API schema as its official SDK carries it (cloudflare npm,
// src/resources/dns/records.ts: RecordCreateParams / RecordUpdateParams / RecordEditParams for
// A, NS, MX, TXT; vendor-api-notes §5.1): name, type, content, ttl, proxied, comment, tags,
// settings, and priority for MX. The rules on the values themselves (TTL range, MX host, A
// address) are in cloudflare-records.ts. A field outside this list is refused: Cloudflare does
// not document what it does with one, and the tool must not rely on it being ignored.

type JsonKind = 'string' | 'number' | 'boolean' | 'object' | 'string[]';

const FIELDS: Record<string, JsonKind> = {
  name: 'string',
  type: 'string',
  content: 'string',
  ttl: 'number',
  proxied: 'boolean',
  comment: 'string',
  tags: 'string[]',
  settings: 'object',
  priority: 'number',
};

function kindOk(value: unknown, kind: JsonKind): boolean {
  switch (kind) {
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return typeof value === kind;
  }
}

/** The first problem with the body's fields, in Cloudflare's error form, or undefined. */
export function recordFieldProblem(
  body: Record<string, unknown>,
): { code: number; message: string } | undefined {
  for (const [field, value] of Object.entries(body)) {
    const kind = FIELDS[field];
    if (kind === undefined)
      return { code: 9207, message: `Request body is invalid: unknown field '${field}'.` };
    if (value !== null && !kindOk(value, kind))
      return { code: 9207, message: `Request body is invalid: '${field}' must be of type ${kind}.` };
  }
  if (body.type !== 'MX' && body.priority !== undefined)
    return {
      code: 9207,
      message: "Request body is invalid: 'priority' applies to MX, SRV and URI records only.",
    };
  return undefined;
}
