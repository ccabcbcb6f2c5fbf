// Route 53 validates a ChangeResourceRecordSets body against the API's XML schema before anything
// else and answers InvalidInput with the schema validator's words, e.g. "Invalid XML ;
// cvc-complex-type.2.4.b: The content of element 'Changes' is not complete. One of
// '{"https://route53.amazonaws.com/doc/2013-04-01/":Change}' is expected." (seen in public
// clients' tests and comments). The element lists follow the API reference of
// ChangeResourceRecordSets, Change and ResourceRecordSet (API version 2013-04-01). Xerces names the
// elements allowed at the failing position; the sandbox names all children the parent allows,
// which is the same list where it matters (an unknown or misspelt element).
import { ROUTE53_NAMESPACE } from './route53-xml.ts';

const CHILDREN: Record<string, readonly string[]> = {
  ChangeResourceRecordSetsRequest: ['ChangeBatch'],
  ChangeBatch: ['Comment', 'Changes'],
  Changes: ['Change'],
  Change: ['Action', 'ResourceRecordSet'],
  ResourceRecordSet: [
    'Name',
    'Type',
    'SetIdentifier',
    'Weight',
    'Region',
    'GeoLocation',
    'Failover',
    'MultiValueAnswer',
    'TTL',
    'ResourceRecords',
    'AliasTarget',
    'HealthCheckId',
    'TrafficPolicyInstanceId',
    'CidrRoutingConfig',
    'GeoProximityLocation',
  ],
  ResourceRecords: ['ResourceRecord'],
  ResourceRecord: ['Value'],
};

const REQUIRED: Record<string, readonly string[]> = {
  ChangeResourceRecordSetsRequest: ['ChangeBatch'],
  ChangeBatch: ['Changes'],
  Changes: ['Change'],
  Change: ['Action', 'ResourceRecordSet'],
  ResourceRecordSet: ['Name', 'Type'],
  ResourceRecords: ['ResourceRecord'],
  ResourceRecord: ['Value'],
};

/** Elements that hold a single value: a repeat is out of place, as in the schema's sequence. */
const REPEATABLE = new Set(['Change', 'ResourceRecord']);

const expected = (names: readonly string[]) =>
  `One of '{${names.map((n) => `"${ROUTE53_NAMESPACE}":${n}`).join(', ')}}' is expected.`;

function check(element: string, value: unknown): string | undefined {
  const allowed = CHILDREN[element];
  if (!allowed) return undefined; // a leaf, or a subtree the sandbox does not serve
  const children: Record<string, unknown> =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  for (const [name, child] of Object.entries(children)) {
    if (name.startsWith('?') || name.startsWith('#')) continue;
    if (!allowed.includes(name) || (Array.isArray(child) && child.length > 1 && !REPEATABLE.has(name)))
      return `Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found starting with element '${name}'. ${expected(allowed)}`;
  }
  const missing = (REQUIRED[element] ?? []).find((name) => {
    const child = children[name];
    return child === undefined || (Array.isArray(child) && child.length === 0);
  });
  if (missing !== undefined)
    return `Invalid XML ; cvc-complex-type.2.4.b: The content of element '${element}' is not complete. ${expected([missing])}`;
  for (const [name, child] of Object.entries(children))
    for (const item of Array.isArray(child) ? child : [child]) {
      const problem = check(name, item);
      if (problem) return problem;
    }
  return undefined;
}

/** The schema problem of a parsed ChangeResourceRecordSets document, or undefined. */
export function changeBatchSchemaProblem(doc: Record<string, unknown>): string | undefined {
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  const root = roots[0];
  if (root !== 'ChangeResourceRecordSetsRequest' || roots.length !== 1)
    return `Invalid XML ; cvc-elt.1.a: Cannot find the declaration of element '${root ?? ''}'.`;
  return check(root, doc[root]);
}
