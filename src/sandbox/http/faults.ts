// Fault injection: rules match calls by service/method/path and fire on the Nth call, at a seeded
// rate, or always, at most `times` times. Counters live per controller, never per module.
import { InputError } from '../../errors.ts';
import { createPrng } from '../ids.ts';
import type { FaultController, FaultRule } from '../types.ts';
import type { FaultCall, FaultDecision } from './types.ts';

interface RuleState {
  id: string;
  rule: FaultRule;
  matcher: (path: string) => boolean;
  matched: number;
  fired: number;
}

const KINDS = new Set([
  'latency',
  'status',
  'reset',
  'timeout',
  'crash-before',
  'crash-after',
  'replication-lag',
]);

function pathMatcher(path: string | undefined): (p: string) => boolean {
  if (path === undefined || path === '') return () => true;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(path);
  if (regex) {
    const re = new RegExp(regex[1]!, regex[2]);
    return (p) => re.test(p);
  }
  return (p) => p.includes(path);
}

export function validateFaultRule(rule: FaultRule): void {
  const problems: string[] = [];
  if (!KINDS.has(rule.kind)) problems.push(`kind must be one of ${[...KINDS].join(', ')}`);
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1))
    problems.push('rate must be between 0 and 1');
  if (rule.nth !== undefined && !(Number.isInteger(rule.nth) && rule.nth >= 1))
    problems.push('nth must be an integer >= 1');
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 1))
    problems.push('times must be an integer >= 1');
  if (rule.kind === 'status' && rule.status !== undefined && !(rule.status >= 400 && rule.status <= 599)) {
    problems.push('status must be 400..599');
  }
  if (rule.kind === 'replication-lag' && !(rule.ms !== undefined && rule.ms >= 1))
    problems.push('replication-lag needs ms >= 1 (how long a new object stays invisible)');
  if (problems.length > 0) {
    throw new InputError(
      'Invalid sandbox fault rule',
      problems.map((message) => ({ file: 'fault rule', message })),
    );
  }
}

export class Faults implements FaultController {
  private readonly rules: RuleState[] = [];
  private readonly random: () => number;
  private nextId = 1;

  constructor(seed: number) {
    this.random = createPrng(seed ^ 0x5eed);
  }

  add(rule: FaultRule): string {
    validateFaultRule(rule);
    const id = `fault-${this.nextId++}`;
    this.rules.push({ id, rule: { ...rule }, matcher: pathMatcher(rule.path), matched: 0, fired: 0 });
    return id;
  }

  remove(id: string): boolean {
    const index = this.rules.findIndex((r) => r.id === id);
    if (index < 0) return false;
    this.rules.splice(index, 1);
    return true;
  }

  clear(): void {
    this.rules.length = 0;
  }

  list(): Array<FaultRule & { id: string; fired: number; matched: number }> {
    return this.rules.map((r) => ({ ...r.rule, id: r.id, fired: r.fired, matched: r.matched }));
  }

  /** Decide for one call; every matching rule counts the call, the first that fires wins. */
  decide(call: FaultCall): FaultDecision {
    let decision: FaultDecision = { kind: 'none' };
    for (const state of this.rules) {
      const { rule } = state;
      // Replication lag is not an answer of the HTTP layer: the emulator asks `lagging` itself.
      if (rule.kind === 'replication-lag') continue;
      if (rule.service !== undefined && rule.service !== call.service) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== call.method.toUpperCase()) continue;
      if (!state.matcher(call.path)) continue;
      state.matched += 1;
      if (decision.kind !== 'none') continue;
      if (rule.times !== undefined && state.fired >= rule.times) continue;
      if (rule.nth !== undefined && state.matched !== rule.nth) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      state.fired += 1;
      decision = toDecision(rule);
    }
    return decision;
  }

  /**
   * Directory replication lag: is an object created `ageMs` ago still invisible to this call?
   * Asked by the emulator where Entra answers its "not found yet" errors; counts a firing only
   * when the lag actually changes the answer.
   */
  lagging(call: FaultCall, ageMs: number): boolean {
    for (const state of this.rules) {
      const { rule } = state;
      if (rule.kind !== 'replication-lag') continue;
      if (rule.service !== undefined && rule.service !== call.service) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== call.method.toUpperCase()) continue;
      if (!state.matcher(call.path)) continue;
      state.matched += 1;
      if (ageMs >= (rule.ms ?? 0)) continue;
      if (rule.times !== undefined && state.fired >= rule.times) continue;
      state.fired += 1;
      return true;
    }
    return false;
  }
}

function toDecision(rule: FaultRule): FaultDecision {
  switch (rule.kind) {
    case 'latency':
      return { kind: 'latency', ms: rule.ms ?? 1000 };
    case 'status':
      return rule.retryAfterSeconds === undefined
        ? { kind: 'status', status: rule.status ?? 503 }
        : { kind: 'status', status: rule.status ?? 503, retryAfterSeconds: rule.retryAfterSeconds };
    case 'reset':
      return { kind: 'reset' };
    case 'timeout':
      return { kind: 'timeout' };
    case 'crash-before':
    case 'crash-after':
      return { kind: rule.kind };
    case 'replication-lag':
      return { kind: 'none' };
  }
}
