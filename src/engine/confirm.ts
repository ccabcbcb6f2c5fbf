// Gates and manual-step confirmations: find an approval bound to this plan (journal first,
// then the approvals file, then a person if interactive), journal it, or pause the run.
import { WaitingError } from '../errors.ts';
import type { RunbookStep } from '../runbook/types.ts';
import type { Execution } from './execution.ts';
import { findApproval, rejectionOf, type GateRequirement } from './gates.ts';
import type { Approval } from './types.ts';
import type { StepPlanned } from './plan.ts';

async function record(x: Execution, approval: Approval, via: 'prompt' | 'file' | 'journal'): Promise<void> {
  const { engine } = x;
  await engine.journal.append(x.runId, {
    type: 'gate.approved',
    at: engine.clock.now().toISOString(),
    gate: approval.gate,
    approver: approval.approver,
    role: approval.role,
    evidence: approval.evidence,
    planHash: approval.planHash,
    via,
    ...(approval.expiresAt ? { expiresAt: approval.expiresAt } : {}),
  });
  x.approvals.push(approval);
  engine.emit({
    type: 'gate.approved',
    runId: x.runId,
    gate: approval.gate,
    approver: approval.approver,
    role: approval.role,
    via,
  });
}

async function pause(
  x: Execution,
  stepId: string,
  code: 'WAITING_FOR_APPROVAL' | 'WAITING_FOR_OPERATOR',
  gate: string,
  message: string,
  hint: string,
): Promise<never> {
  await x.engine.journal.append(x.runId, {
    type: 'step.waiting',
    at: x.engine.clock.now().toISOString(),
    stepId,
    reason: message,
  });
  x.engine.emit({ type: 'step.waiting', stepId, reason: message });
  throw new WaitingError(code, message, x.runId, gate, { hint });
}

/** Already approved in this run's journal, or approved now from the approvals file. */
async function existingApproval(
  x: Execution,
  need: GateRequirement,
): Promise<{ found: boolean; rejected: string[] }> {
  const now = x.engine.clock.now();
  const journaled = findApproval(x.approvals, need, now);
  if (journaled.found) return { found: true, rejected: [] };
  const fromFile = findApproval(x.opts.approvals ?? [], need, now);
  if (fromFile.found) {
    await record(x, fromFile.found, 'file');
    return { found: true, rejected: [] };
  }
  return { found: false, rejected: [...journaled.rejected, ...fromFile.rejected] };
}

export async function ensureGate(x: Execution, step: RunbookStep): Promise<void> {
  const gate = step.gate;
  if (gate === undefined) return;
  const spec = x.opts.runbook.runbook.gates[gate] ?? { approverRole: '', evidence: [] };
  const need: GateRequirement = {
    gate,
    approverRole: spec.approverRole,
    evidence: spec.evidence,
    planHash: x.reviewed.hash,
  };
  const existing = await existingApproval(x, need);
  if (existing.found) return;
  const rejected = existing.rejected;
  x.engine.emit({
    type: 'gate.requested',
    runId: x.runId,
    gate,
    stepId: step.id,
    approverRole: spec.approverRole,
    evidence: spec.evidence,
  });
  if (x.opts.interactive && x.opts.approver) {
    const answer = await x.opts.approver.requestApproval({
      runId: x.runId,
      gate,
      spec,
      stepId: step.id,
      planHash: x.reviewed.hash,
      steps: x.reviewed.steps.filter((s) => s.gate === gate),
    });
    if (answer) {
      const approval: Approval = { ...answer, gate, planHash: x.reviewed.hash };
      const why = rejectionOf(approval, need, x.engine.clock.now());
      if (why === undefined) return record(x, approval, 'prompt');
      rejected.push(`approval by ${approval.approver} does not count: ${why}`);
    } else rejected.push('approval was declined');
  }
  const evidence = spec.evidence.map((key) => ` --evidence ${key}=<value>`).join('');
  await pause(
    x,
    step.id,
    'WAITING_FOR_APPROVAL',
    gate,
    `gate ${gate} needs approval by ${spec.approverRole} before step ${step.id}${rejected.length ? ` (${rejected.join('; ')})` : ''}`,
    `sop-integrate approve ${x.runId} --gate ${gate} --as <name> --role ${spec.approverRole}${evidence}, then sop-integrate resume ${x.runId}`,
  );
}

/** A manual step goes on once an operator confirmed it (prompt, approvals file or `approve`). */
export async function ensureOperator(x: Execution, step: RunbookStep, fresh: StepPlanned): Promise<void> {
  const need: GateRequirement = { gate: step.id, evidence: [], planHash: x.reviewed.hash };
  const existing = await existingApproval(x, need);
  if (existing.found) return;
  if (x.opts.interactive && x.opts.operator) {
    const answer = await x.opts.operator.confirm({
      runId: x.runId,
      stepId: step.id,
      title: step.title,
      instructions: fresh.planned.details,
    });
    if (answer.confirmed) {
      const by = answer.by ?? 'operator';
      return record(
        x,
        { gate: step.id, approver: by, role: 'operator', evidence: {}, planHash: x.reviewed.hash },
        'prompt',
      );
    }
  }
  await pause(
    x,
    step.id,
    'WAITING_FOR_OPERATOR',
    step.id,
    `step ${step.id} needs an operator: ${step.title}`,
    `do it by hand, then sop-integrate approve ${x.runId} --gate ${step.id} --as <name> --role Operator, then sop-integrate resume ${x.runId}`,
  );
}
