// Finds which keys a strict object in the schema allows at a given path, so an "unknown key"
// problem can suggest the key that was meant. Walks zod's own definitions (`_zod.def`).
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Allowed keys of the object schema at `path` (data guides the choice between union variants). */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  let current: z.ZodType | undefined = schema;
  let value = data;
  for (const segment of path) {
    current = unwrap(current, value);
    current = current && childSchema(current, segment);
    value = (value as Record<PropertyKey, unknown> | undefined)?.[segment];
    if (!current) return [];
  }
  const target = current && unwrap(current, value);
  const shape = target && defOf(target).shape;
  return shape ? Object.keys(shape) : [];
}

function childSchema(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  const def = defOf(schema);
  if (def.type === 'object') return def.shape?.[String(segment)];
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  return undefined;
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  for (let depth = 0; schema && depth < 20; depth++) {
    const def = defOf(schema);
    if (def.innerType) schema = def.innerType;
    else if (def.type === 'pipe') schema = defOf(def.in as z.ZodType).type === 'transform' ? def.out : def.in;
    else if (def.type === 'lazy' && def.getter) schema = def.getter();
    else if (def.type === 'union' && def.options) schema = pickVariant(def, value);
    else return schema;
  }
  return schema;
}

function pickVariant(def: Def, value: unknown): z.ZodType | undefined {
  const options = def.options ?? [];
  if (def.discriminator && value !== null && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[def.discriminator];
    const match = options.find((option) => {
      const field = defOf(option).shape?.[def.discriminator ?? ''];
      return field !== undefined && (defOf(field).values ?? []).includes(tag);
    });
    if (match) return match;
  }
  return options.find((option) => defOf(option).type === 'object');
}
