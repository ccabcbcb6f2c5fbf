// Request-body validation against the sandbox's Graph schema: unknown properties and wrong types
// are rejected with Graph's 400 shape, server-managed properties are dropped.
import { badRequest } from './errors.ts';
import { GRAPH_TYPES, propertiesOf, readOnlyOf, resourceName } from './schema.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The directory service answers an undeclared property with this message (documented for $select
 * and $filter; the sandbox uses the same words for bodies, which is an inference).
 */
export function unknownPropertyMessage(name: string): string {
  return `Property '${name}' does not exist as a declared property or extension property.`;
}

function invalidValue(name: string, typeName: string): Error {
  return badRequest(
    `Invalid value specified for property '${name}' of resource '${resourceName(typeName)}'.`,
  );
}

function checkValue(value: unknown, edmType: string, name: string, owner: string): void {
  if (value === null) return;
  const collection = /^Collection\((.+)\)$/.exec(edmType);
  if (collection) {
    if (!Array.isArray(value)) throw invalidValue(name, owner);
    for (const item of value) checkValue(item, collection[1]!, name, owner);
    return;
  }
  switch (edmType) {
    case 'Edm.String':
      if (typeof value !== 'string') throw invalidValue(name, owner);
      return;
    case 'Edm.Boolean':
      if (typeof value !== 'boolean') throw invalidValue(name, owner);
      return;
    case 'Edm.Int32':
      if (!Number.isInteger(value)) throw invalidValue(name, owner);
      return;
    case 'Edm.Guid':
      if (typeof value !== 'string' || !GUID.test(value)) throw invalidValue(name, owner);
      return;
    case 'Edm.DateTimeOffset':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidValue(name, owner);
      return;
    case 'Edm.Binary':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw invalidValue(name, owner);
      return;
    default:
      if (GRAPH_TYPES[edmType]?.kind !== 'complex') throw invalidValue(name, owner);
      validateShape(value, edmType);
  }
}

/** Check every property of `value` against `typeName`; throws a Graph 400 on the first problem. */
export function validateShape(value: unknown, typeName: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`Invalid request body for resource '${resourceName(typeName)}'.`);
  }
  const declared = propertiesOf(typeName);
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (name.startsWith('@odata.')) continue;
    const edmType = declared[name];
    if (edmType === undefined) throw badRequest(unknownPropertyMessage(name));
    checkValue(v, edmType, name, typeName);
  }
  return value as Record<string, unknown>;
}

/** Validate an entity body and return only the properties a client may write. */
export function writableBody(value: unknown, typeName: string): Record<string, unknown> {
  const body = validateShape(value, typeName);
  const readOnly = readOnlyOf(typeName);
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(body)) {
    if (name.startsWith('@odata.') || readOnly.has(name)) continue;
    out[name] = v;
  }
  return out;
}

export function parseJsonBody(rawBody: string): unknown {
  if (rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    throw badRequest(
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}
