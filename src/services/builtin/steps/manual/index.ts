// `manual`: a change only a person can make (a Proofpoint portal page with no API). The plan
// shows the exact instructions with every value filled in; the engine waits for an operator
// (prompt, or `approve --gate <step-id>` then `resume`), then the step verifies what it can.
import { z } from 'zod';
import { defineStep } from '../../../../steps/contract.ts';
import { checkTypeOf, ManualCheck } from './checks.ts';

export const ManualParams = z.strictObject({
  instructions: z.string().min(1),
  /** What to do by hand to revert it; rollback shows it to the operator. */
  undoInstructions: z.string().min(1).optional(),
  verify: z.union([ManualCheck, z.array(ManualCheck)]).optional(),
});
export type ManualParams = z.infer<typeof ManualParams>;

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

function checksOf(params: ManualParams): ManualCheck[] {
  if (params.verify === undefined) return [];
  return Array.isArray(params.verify) ? params.verify : [params.verify];
}

export const manualStep = defineStep<ManualParams>({
  type: 'manual',
  description:
    'An operator makes a change by hand following exact instructions; the tool waits, then verifies.',
  params: ManualParams,
  outputs: ['confirmedAt'],
  mutating: true,
  async plan(_ctx, params) {
    const checks = checksOf(params);
    const details = [...lines(params.instructions)];
    if (checks.length > 0) details.push(`then checked: ${checks.length} check(s)`);
    return {
      action: 'manual',
      summary: 'done by an operator, following these instructions:',
      changes: [],
      calls: [],
      details,
    };
  },
  async apply(ctx, params) {
    // The engine calls apply only once the operator confirmed the change was made.
    const undo = params.undoInstructions ? { instructions: params.undoInstructions } : null;
    return { outputs: { confirmedAt: ctx.now().toISOString() }, undo };
  },
  async verify(ctx, params) {
    const checks = checksOf(params);
    if (checks.length === 0)
      return { ok: true, checks: ['confirmed by the operator; nothing to check from outside'] };
    const outcomes = [];
    for (const check of checks) outcomes.push(await checkTypeOf(check).run(ctx, check));
    return { ok: outcomes.every((o) => o.ok), checks: outcomes.map((o) => o.line) };
  },
  async undo(ctx, record) {
    // Rollback cannot click in a vendor portal: it hands the operator the steps to revert.
    const instructions = typeof record.instructions === 'string' ? record.instructions : '';
    for (const line of lines(instructions)) ctx.log.warn(`revert by hand: ${line}`);
  },
});
