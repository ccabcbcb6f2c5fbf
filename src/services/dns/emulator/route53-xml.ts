// Route 53's REST-XML wire format (API 2013-04-01): replies in its namespace, error bodies in the
// ErrorResponse shape the AWS SDK reads the error code from, and request bodies parsed leniently.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { SandboxReply } from '../../../sandbox/http/types.ts';

export const ROUTE53_NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true });

// Lists must stay lists even with one element; every value stays a string (TTL "0300" is not 300).
const LISTS = new Set(['Change', 'ResourceRecord']);
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: true,
  isArray: (name) => LISTS.has(name),
});

function headers(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

/** A successful reply: `<Root xmlns=...>content</Root>`; the log shows `content` as JSON. */
export function xmlReply(
  status: number,
  root: string,
  content: Record<string, unknown>,
  requestId: string,
  mutated = false,
): SandboxReply {
  const xml = builder.build({ [root]: { '@_xmlns': ROUTE53_NAMESPACE, ...content } });
  return {
    status,
    headers: headers(requestId),
    rawPayload: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`,
    body: { [root]: content },
    mutated,
  };
}

/** Route 53's error body: the SDK names the thrown error after `Code`. */
export function xmlError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  type: 'Sender' | 'Receiver' = 'Sender',
): SandboxReply {
  const error = { Error: { Type: type, Code: code, Message: message }, RequestId: requestId };
  const xml = builder.build({ ErrorResponse: { '@_xmlns': ROUTE53_NAMESPACE, ...error } });
  return {
    status,
    headers: headers(requestId),
    rawPayload: `<?xml version="1.0"?>\n${xml}`,
    body: { ErrorResponse: error },
  };
}

/** The parsed document, or undefined when the body is not XML at all. */
export function parseXml(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('<')) return undefined;
  try {
    const doc = parser.parse(text) as unknown;
    return doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
