// In the sandbox tenant nothing real is at stake, so a clearly labelled stand-in approves gates
// and confirms manual portal steps, letting the demo and rehearsals run unattended.
// `--rehearse` turns it off so people practise the real approvals.
import type { Approver, Operator } from '../engine/types.ts';
import type { Printer } from './printer.ts';

export const STAND_IN_NAME = 'sandbox stand-in';

export function createStandInApprover(printer: Printer): Approver {
  return {
    async requestApproval(request) {
      printer.err(
        `[sandbox] ${STAND_IN_NAME} approves gate "${request.gate}" as ${request.spec.approverRole} (use --rehearse to approve yourself)`,
      );
      const evidence = Object.fromEntries(request.spec.evidence.map((key) => [key, `SANDBOX-${key}`]));
      return { approver: STAND_IN_NAME, role: request.spec.approverRole, evidence };
    },
  };
}

export function createStandInOperator(printer: Printer): Operator {
  return {
    async confirm(request) {
      printer.err(`[sandbox] ${STAND_IN_NAME} performs manual step "${request.stepId}":`);
      for (const line of request.instructions) printer.err(`[sandbox]   ${line}`);
      return { confirmed: true, by: STAND_IN_NAME };
    },
  };
}
