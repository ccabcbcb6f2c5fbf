// Templating: `${inputs.x}`, `${config.x}`, `${steps.<id>.outputs.<name>}`. Nothing else: no
// expressions, no environment, no code. A string that is exactly one reference keeps the
// referenced value's type (a list stays a list); otherwise values are interpolated as text.
import { unknownValue, type Outputs } from '../steps/contract.ts';

export const TEMPLATE_PATTERN = /\$\{([^}]*)\}/g;
const REFERENCE =
  /^(inputs|config)\.([A-Za-z_][\w-]*)$|^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z_][\w-]*)$/;

export interface TemplateScope {
  inputs: Record<string, unknown>;
  config: Record<string, unknown>;
  /** Outputs of earlier steps; `undefined` for a step whose outputs are known only after apply. */
  steps: Record<string, Outputs | undefined>;
}

export type Reference =
  | { kind: 'inputs' | 'config'; name: string; text: string }
  | { kind: 'steps'; stepId: string; name: string; text: string };

/** Parse one `${...}` body; undefined when it is not an allowed reference. */
export function parseReference(body: string): Reference | undefined {
  const match = REFERENCE.exec(body.trim());
  if (!match) return undefined;
  const [, root, name, stepId, output] = match;
  if (root === 'inputs' || root === 'config') return { kind: root, name: name ?? '', text: body.trim() };
  return { kind: 'steps', stepId: stepId ?? '', name: output ?? '', text: body.trim() };
}

/** Every `${...}` body in a value, with its path, for the semantic rules. */
export function findReferences(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; body: string }[] {
  if (typeof value === 'string') {
    return [...value.matchAll(TEMPLATE_PATTERN)].map((m) => ({ path, body: m[1] ?? '' }));
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => findReferences(item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => findReferences(v, [...path, k]));
  }
  return [];
}

function lookup(ref: Reference, scope: TemplateScope): unknown {
  if (ref.kind !== 'steps') return scope[ref.kind][ref.name];
  const outputs = scope.steps[ref.stepId];
  if (outputs === undefined) return unknownValue(ref.text);
  return outputs[ref.name];
}

/** Resolve templates in a value. References were checked by the semantic rules at load time. */
export function resolveTemplates(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([^}]*)\}$/.exec(value);
    if (whole) {
      const ref = parseReference(whole[1] ?? '');
      if (ref) return lookup(ref, scope);
    }
    return value.replace(TEMPLATE_PATTERN, (text, body: string) => {
      const ref = parseReference(body);
      if (!ref) return text;
      const resolved = lookup(ref, scope);
      if (resolved === undefined || resolved === null) return '';
      if (Array.isArray(resolved)) return resolved.join(', ');
      return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveTemplates(item, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTemplates(v, scope)]));
  }
  return value;
}
