// Checks a NinjaOne API request against its operation in the OpenAPI description: path and query
// parameters parsed and checked by their schemas (OpenAPI 3.0 §4.7.12 "style: form" / "simple"
// defaults: one value per name), required parameters present, and the JSON body against the
// request body schema. Undeclared query parameters and body properties are refused: the
// description declares none as open, and the vendor does not document what it does with them, so
// the emulator is strict rather than let the tool depend on input being silently ignored.
import type { OperationFact, SchemaFact } from './openapi-model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT32: [number, number] = [-2147483648, 2147483647];

function templateRegex(path: string): RegExp {
  const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([A-Za-z_]+)\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${pattern}$`);
}

export function findOperation(
  operations: readonly OperationFact[],
  method: string,
  path: string,
): { operation: OperationFact; pathParams: Record<string, string> } | undefined {
  for (const operation of operations) {
    if (operation.method !== method.toUpperCase()) continue;
    const m = templateRegex(operation.path).exec(path);
    if (m) return { operation, pathParams: { ...m.groups } };
  }
  return undefined;
}

/** A parameter's text value against its schema; the problem, or undefined. */
function textProblem(name: string, text: string, schema: SchemaFact): string | undefined {
  if (schema.type === 'integer' || schema.type === 'number') {
    const n = Number(text);
    if (text.trim() === '' || Number.isNaN(n) || (schema.type === 'integer' && !/^-?\d+$/.test(text)))
      return `'${name}' must be ${schema.type === 'integer' ? 'an integer' : 'a number'}, got '${text}'`;
    return valueProblem(name, n, schema);
  }
  if (schema.type === 'boolean')
    return ['true', 'false'].includes(text) ? undefined : `'${name}' must be true or false, got '${text}'`;
  return valueProblem(name, text, schema);
}

/** A JSON value against its schema. */
function valueProblem(where: string, value: unknown, schema: SchemaFact): string | undefined {
  if (value === null) return undefined;
  switch (schema.type) {
    case 'integer': {
      if (!Number.isInteger(value)) return `'${where}' must be an integer`;
      const n = value as number;
      if (schema.format === 'int32' && (n < INT32[0] || n > INT32[1])) return `'${where}' is outside int32`;
      if (schema.minimum !== undefined && n < schema.minimum)
        return `'${where}' must be >= ${schema.minimum}`;
      if (schema.maximum !== undefined && n > schema.maximum)
        return `'${where}' must be <= ${schema.maximum}`;
      return undefined;
    }
    case 'number':
      return typeof value === 'number' ? undefined : `'${where}' must be a number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `'${where}' must be a boolean`;
    case 'string':
      if (typeof value !== 'string') return `'${where}' must be a string`;
      if (schema.enum && !schema.enum.includes(value))
        return `'${where}' must be one of ${schema.enum.join(', ')}; got '${value}'`;
      if (schema.format === 'uuid' && !UUID.test(value)) return `'${where}' must be a UUID`;
      return undefined;
    case 'array':
      if (!Array.isArray(value)) return `'${where}' must be an array`;
      for (const [i, item] of value.entries()) {
        const problem = schema.items ? valueProblem(`${where}[${i}]`, item, schema.items) : undefined;
        if (problem) return problem;
      }
      return undefined;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return `'${where}' must be an object`;
      const fields = value as Record<string, unknown>;
      for (const name of schema.required ?? [])
        if (fields[name] === undefined) return `'${where}.${name}' is required`;
      for (const [name, v] of Object.entries(fields)) {
        const property = schema.properties?.[name];
        if (!property) return `'${where}' has no property '${name}'`;
        const problem = valueProblem(`${where}.${name}`, v, property);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

export interface NinjaRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  rawBody: string;
}

/** What is wrong with the request as the description declares it, or undefined. */
export function requestProblem(
  operations: readonly OperationFact[],
  request: NinjaRequest,
): string | undefined {
  const found = findOperation(operations, request.method, request.path);
  if (!found) return undefined;
  const { operation, pathParams } = found;
  for (const parameter of operation.parameters) {
    const text = parameter.in === 'path' ? pathParams[parameter.name] : request.query.get(parameter.name);
    if (text === undefined || text === null) {
      if (parameter.required === true) return `Missing required parameter '${parameter.name}'`;
      continue;
    }
    const problem = textProblem(parameter.name, decodeURIComponent(text), parameter.schema);
    if (problem) return problem;
  }
  for (const name of new Set(request.query.keys()))
    if (!operation.parameters.some((p) => p.in === 'query' && p.name === name))
      return `Unknown query parameter '${name}' for ${operation.method} ${operation.path}`;
  if (operation.body === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody) as unknown;
  } catch {
    return 'The request body is not JSON';
  }
  return valueProblem('body', body, operation.body);
}
