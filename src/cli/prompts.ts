// Interactive approvals and manual-step confirmations at a terminal (@inquirer/prompts).
import type { Approver, GateRequest, Operator, OperatorRequest } from '../engine/types.ts';
import { StepFailedError } from '../errors.ts';
import { outputClosedSignal } from './output-closed.ts';
import type { Printer } from './printer.ts';

/**
 * A prompt whose output closed (`| head`) is cancelled, not answered blind: the run stops there
 * like any stopped run (journaled as interrupted with the reason, exit 1, resumable).
 */
async function ask<T>(request: { runId: string; stepId: string }, prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (error) {
    if (!outputClosedSignal.aborted) throw error;
    const reason =
      outputClosedSignal.reason instanceof Error ? outputClosedSignal.reason.message : 'output closed';
    throw new StepFailedError(
      request.runId,
      request.stepId,
      'apply',
      `stopped at the prompt before step ${request.stepId}: ${reason}; nothing of it was changed`,
      { hint: `continue with \`sop-integrate resume ${request.runId}\`` },
    );
  }
}

const context = { signal: outputClosedSignal };

export function createPromptApprover(printer: Printer): Approver {
  return {
    async requestApproval(request: GateRequest) {
      const { confirm, input } = await import('@inquirer/prompts');
      printer.out('');
      printer.out(
        `Gate "${request.gate}" — ${request.spec.description ?? `approval by ${request.spec.approverRole}`}`,
      );
      for (const step of request.steps) {
        printer.out(`  ${step.action} ${step.id}: ${step.summary}`);
        for (const detail of step.details) printer.out(`    ${detail}`);
      }
      printer.out(`  plan hash ${request.planHash}`);
      return ask(request, async () => {
        const approved = await confirm(
          { message: `Approve as ${request.spec.approverRole}?`, default: false },
          context,
        );
        if (!approved) return undefined;
        const approver = await input(
          { message: 'Your name:', validate: (v) => v.trim().length > 0 || 'a name is required' },
          context,
        );
        const role = await input({ message: 'Your role:', default: request.spec.approverRole }, context);
        const evidence: Record<string, string> = {};
        for (const key of request.spec.evidence) {
          evidence[key] = await input(
            { message: `${key}:`, validate: (v) => v.trim().length > 0 || `${key} is required` },
            context,
          );
        }
        return { approver: approver.trim(), role: role.trim(), evidence };
      });
    },
  };
}

export function createPromptOperator(printer: Printer): Operator {
  return {
    async confirm(request: OperatorRequest) {
      const { confirm, input } = await import('@inquirer/prompts');
      printer.out('');
      printer.out(`Manual step "${request.stepId}": ${request.title}`);
      for (const line of request.instructions) printer.out(`  ${line}`);
      return ask(request, async () => {
        const done = await confirm({ message: 'Done?', default: false }, context);
        if (!done) return { confirmed: false };
        const by = await input({ message: 'Your name:', default: 'operator' }, context);
        return { confirmed: true, by };
      });
    },
  };
}
