// Fault rules written on a command line: `kind=status,status=429,retryAfterSeconds=1,rate=0.3,service=graph`.
import { InputError } from '../errors.ts';
import { validateFaultRule } from './http/faults.ts';
import type { FaultKind, FaultRule } from './types.ts';

const NUMBER_KEYS = new Set(['ms', 'status', 'retryAfterSeconds', 'rate', 'nth', 'times']);
const STRING_KEYS = new Set(['service', 'method', 'path', 'kind']);

export function parseFaultSpec(spec: string, flag = '--fault'): FaultRule {
  const rule: Record<string, string | number> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq < 1 || value === '') {
      throw new InputError(`${flag} "${spec}": "${part}" is not key=value`, [], {
        hint: 'e.g. --fault kind=status,status=429,retryAfterSeconds=1,rate=0.3,service=graph',
      });
    }
    if (NUMBER_KEYS.has(key)) {
      const number = Number(value);
      if (!Number.isFinite(number))
        throw new InputError(`${flag} "${spec}": ${key} must be a number, got "${value}"`);
      rule[key] = number;
    } else if (STRING_KEYS.has(key)) {
      rule[key] = value;
    } else {
      throw new InputError(`${flag} "${spec}": unknown key "${key}"`, [], {
        hint: `known keys: ${[...STRING_KEYS, ...NUMBER_KEYS].join(', ')}`,
      });
    }
  }
  if (rule.kind === undefined) throw new InputError(`${flag} "${spec}": kind is required`);
  const parsed = { ...rule, kind: rule.kind as FaultKind } as FaultRule;
  validateFaultRule(parsed);
  return parsed;
}
