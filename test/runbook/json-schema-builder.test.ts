// The JSON Schema is generated from the zod schema and lets templates stand where a typed
// value (list, number, enum) belongs, since editors see the runbook before templates resolve.
import { describe, expect, it } from 'vitest';
import { buildRunbookJsonSchema } from '../../src/runbook/json-schema-builder.ts';
import { testHandlers } from './fake-handlers.ts';

type Node = Record<string, unknown>;
const schema = buildRunbookJsonSchema(testHandlers);
const at = (node: unknown, ...keys: (string | number)[]): Node =>
  keys.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], node) as Node;
const variants = at(schema, 'properties', 'steps', 'items', 'oneOf') as unknown as Node[];
const withOf = (type: string) =>
  at(
    variants.find((v) => at(v, 'properties', 'type').const === type),
    'properties',
    'with',
  );

describe('runbook JSON Schema', () => {
  it('is strict at the top and requires the document fields', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['apiVersion', 'kind', 'metadata', 'steps']);
    expect(at(schema, 'properties', 'apiVersion').const).toBe('sop-integrate/v1');
    expect(at(schema, 'properties', 'metadata', 'properties', 'phase')).toMatchObject({
      type: 'integer',
      minimum: 1,
    });
  });

  it('has one step variant per handler, keyed by a constant type', () => {
    expect(variants.map((v) => at(v, 'properties', 'type').const)).toEqual(testHandlers.map((h) => h.type));
    expect(at(variants[0], 'properties', 'id').pattern).toBe('^[a-z][a-z0-9-]*$');
  });

  it('accepts a template wherever with: expects a list, number, boolean or enum', () => {
    const params = at(withOf('test.create-app'), 'properties');
    const template = { $ref: '#/$defs/template' };
    expect(params.secretDays).toEqual({ anyOf: [{ type: 'integer', minimum: 1, maximum: 730 }, template] });
    expect(params.permissions).toEqual({
      default: [],
      anyOf: [{ type: 'array', items: { type: 'string' } }, template],
    });
    expect(params.consent).toEqual({ anyOf: [{ type: 'boolean' }, template] });
    expect(params.store).toEqual({ anyOf: [{ type: 'string', enum: ['file', 'keyvault'] }, template] });
    // Plain text already accepts a template as it is.
    expect(params.displayName).toEqual({ type: 'string', minLength: 1 });
    expect(at(schema, '$defs', 'template')).toMatchObject({ type: 'string', pattern: '\\$\\{[^}]+\\}' });
    expect(new RegExp(at(schema, '$defs', 'template').pattern as string).test('${inputs.domains}')).toBe(
      true,
    );
  });

  it('keeps with: strict and its required keys', () => {
    expect(withOf('test.create-app')).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['displayName'],
    });
  });

  it('is stable: two generations are identical', () => {
    expect(JSON.stringify(buildRunbookJsonSchema(testHandlers))).toBe(JSON.stringify(schema));
  });
});
