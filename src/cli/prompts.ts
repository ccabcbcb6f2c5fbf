// Interactive approvals and manual-step confirmations at a terminal (@inquirer/prompts).
import type { Approver, GateRequest, Operator, OperatorRequest } from '../engine/types.ts';
import type { Printer } from './printer.ts';

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
      const approved = await confirm({ message: `Approve as ${request.spec.approverRole}?`, default: false });
      if (!approved) return undefined;
      const approver = await input({
        message: 'Your name:',
        validate: (v) => v.trim().length > 0 || 'a name is required',
      });
      const role = await input({ message: 'Your role:', default: request.spec.approverRole });
      const evidence: Record<string, string> = {};
      for (const key of request.spec.evidence) {
        evidence[key] = await input({
          message: `${key}:`,
          validate: (v) => v.trim().length > 0 || `${key} is required`,
        });
      }
      return { approver: approver.trim(), role: role.trim(), evidence };
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
      const done = await confirm({ message: 'Done?', default: false });
      if (!done) return { confirmed: false };
      const by = await input({ message: 'Your name:', default: 'operator' });
      return { confirmed: true, by };
    },
  };
}
