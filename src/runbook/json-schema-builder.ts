// JSON Schema for runbooks, generated from the zod schema so editors complete and check the
// same rules the loader enforces. `with:` values may be `${...}` templates resolved at run time,
// so wherever a `with:` value is not plain text the schema also accepts a template string.
import { z } from 'zod';
import type { AnyStepHandler } from '../steps/contract.ts';
import { buildRunbookSchema } from './schema.ts';

type JsonSchema = Record<string, unknown>;

const TEMPLATE_STRING: JsonSchema = { $ref: '#/$defs/template' };
const TEMPLATE_DEFINITION: JsonSchema = {
  type: 'string',
  pattern: '\\$\\{[^}]+\\}',
  description: 'a ${inputs.*}, ${config.*} or ${steps.<id>.outputs.*} template, resolved at run time',
};

/** Keys an editor shows on hover; kept on the outside when a node is wrapped. */
const ANNOTATIONS = ['title', 'description', 'default', 'examples'];

export function buildRunbookJsonSchema(handlers: readonly AnyStepHandler[]): JsonSchema {
  const schema = z.toJSONSchema(buildRunbookSchema(handlers), {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const variants = stepVariants(schema);
  for (const variant of variants) {
    const properties = variant.properties as Record<string, JsonSchema> | undefined;
    const params = properties?.with;
    if (params) properties.with = { ...params, ...lenientChildren(params) };
  }
  return {
    $schema: schema.$schema,
    $id: 'https://sop-integrate.dev/schema/runbook.schema.json',
    title: 'sop-integrate runbook',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
    $defs: { ...(schema.$defs as JsonSchema | undefined), template: TEMPLATE_DEFINITION },
  };
}

function stepVariants(schema: JsonSchema): JsonSchema[] {
  const steps = (schema.properties as Record<string, JsonSchema> | undefined)?.steps;
  const items = steps?.items as JsonSchema | undefined;
  if (!items) return [];
  return ((items.oneOf ?? items.anyOf ?? [items]) as JsonSchema[]).filter((v) => typeof v === 'object');
}

/** Also accept a template wherever a value is not unconstrained text. */
function lenient(node: JsonSchema): JsonSchema {
  const inner = { ...node, ...lenientChildren(node) };
  if (
    inner.type === 'string' &&
    !('pattern' in inner) &&
    !('format' in inner) &&
    !('enum' in inner) &&
    !('const' in inner)
  ) {
    return inner;
  }
  // A constant is a discriminator or fixed value: a template there would make no sense.
  if (Object.keys(inner).length === 0 || '$ref' in inner || 'const' in inner) return inner;
  const outer: JsonSchema = {};
  for (const key of ANNOTATIONS) {
    if (key in inner) {
      outer[key] = inner[key];
      delete inner[key];
    }
  }
  return { ...outer, anyOf: [inner, TEMPLATE_STRING] };
}

function lenientChildren(node: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  if (isSchema(node.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, lenient(v as JsonSchema)]),
    );
  }
  if (isSchema(node.items)) out.items = lenient(node.items);
  if (isSchema(node.additionalProperties)) out.additionalProperties = lenient(node.additionalProperties);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    const list: unknown = node[key];
    if (Array.isArray(list))
      out[key] = (list as unknown[]).map((item) =>
        isSchema(item) ? { ...item, ...lenientChildren(item) } : item,
      );
  }
  return out;
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
