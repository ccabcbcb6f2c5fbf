// A plan as a reviewer reads it: per step the action, before -> after, and the calls it makes.
import type { Chalk } from './style.ts';
import type { PlannedStep, RunPlan } from '../journal/index.ts';

const SYMBOL: Record<PlannedStep['action'], string> = {
  create: '+',
  update: '~',
  delete: '-',
  noop: '=',
  manual: '?',
  wait: '…',
};

function show(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function planLines(plan: RunPlan, style: Chalk, verbose: boolean): string[] {
  const colour = (action: PlannedStep['action']): ((text: string) => string) =>
    ({
      create: style.green,
      update: style.yellow,
      delete: style.red,
      noop: style.dim,
      manual: style.cyan,
      wait: style.cyan,
    })[action];
  const lines = [style.bold(`Plan ${plan.hash.slice(0, 12)} for ${plan.integration} phase ${plan.phase}:`)];
  for (const step of plan.steps) {
    const paint = colour(step.action);
    const gate = step.gate ? style.magenta(`  [gate: ${step.gate}]`) : '';
    lines.push(
      paint(`  ${SYMBOL[step.action]} ${step.action.padEnd(6)} ${step.id}`) + `  ${step.summary}${gate}`,
    );
    for (const change of step.changes) {
      lines.push(`      ${change.path}: ${show(change.before)} -> ${show(change.after)}`);
    }
    for (const detail of step.details) lines.push(style.dim(`      ${detail}`));
    if (verbose || step.action !== 'noop') {
      for (const call of step.calls)
        lines.push(style.dim(`      call ${call.service} ${call.method} ${call.target}`));
    }
  }
  return lines;
}

export function planTotals(plan: RunPlan): string {
  const count = (action: PlannedStep['action']): number =>
    plan.steps.filter((s) => s.action === action).length;
  return `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${count('manual')} manual, ${count('wait')} waits, ${count('noop')} unchanged`;
}
