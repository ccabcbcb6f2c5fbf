// `with:` values may hold `${...}` templates that are only resolved at run time, so they cannot
// be type-checked as written. Before schema validation each whole-string reference is replaced
// by a plausible value of the type it will have: a `domain-list` input becomes a one-item list,
// a `number` input 1, and so on. Templated places are remembered, so schema issues there can be
// reported only when they are certain (see validate-schema.ts).
import { parseReference } from './template.ts';
import type { InputType } from './types.ts';

const WHOLE_TEMPLATE = /^\$\{([^}]*)\}$/;

const SAMPLE: Record<InputType, unknown> = {
  string: 'placeholder',
  'string-list': ['placeholder'],
  number: 1,
  boolean: true,
  domain: 'example.com',
  'domain-list': ['example.com'],
  'cidr-list': ['192.0.2.0/24'],
  hostname: 'mail.example.com',
  email: 'someone@example.com',
  duration: '5m',
};

export interface TemplatedValue {
  template: string;
  /** The value's type is known (an input's declared type, or a config value, always text). */
  knownType?: string;
}

/** Path key of a templated value -> what it was. */
export type TemplatedPlaces = Map<string, TemplatedValue>;

export function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)));
}

export function withPlaceholders(
  value: unknown,
  inputTypes: ReadonlyMap<string, InputType>,
  path: (string | number)[],
  templated: TemplatedPlaces,
): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const whole = WHOLE_TEMPLATE.exec(value);
    const ref = whole ? parseReference(whole[1] ?? '') : undefined;
    const inputType = ref?.kind === 'inputs' ? inputTypes.get(ref.name) : undefined;
    if (inputType) {
      templated.set(pathKey(path), { template: value, knownType: `a ${inputType} input` });
      return structuredClone(SAMPLE[inputType]);
    }
    // Config values are text; partly templated strings stay strings once resolved.
    const knownType =
      ref?.kind === 'config' ? 'config text' : ref === undefined && !whole ? 'text' : undefined;
    templated.set(pathKey(path), { template: value, ...(knownType ? { knownType } : {}) });
    return value;
  }
  if (Array.isArray(value))
    return value.map((item, i) => withPlaceholders(item, inputTypes, [...path, i], templated));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withPlaceholders(v, inputTypes, [...path, k], templated)]),
    );
  }
  return value;
}
