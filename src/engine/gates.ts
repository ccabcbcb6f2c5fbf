// Approval matching. An approval counts only for its gate, the gate's role (case-insensitive),
// with every evidence key the gate asks for, for this exact plan hash, and before it expires.
import type { Approval } from './types.ts';

export interface GateRequirement {
  gate: string;
  /** Undefined for a manual step's confirmation, which any operator may give. */
  approverRole?: string;
  evidence: readonly string[];
  planHash: string;
}

/** Why an approval does not count, or undefined when it does. */
export function rejectionOf(approval: Approval, need: GateRequirement, now: Date): string | undefined {
  if (approval.gate !== need.gate) return `it is for gate ${approval.gate}`;
  if (approval.planHash !== need.planHash) {
    return `it approves plan ${approval.planHash.slice(0, 12)}, this plan is ${need.planHash.slice(0, 12)}`;
  }
  if (need.approverRole !== undefined && approval.role.toLowerCase() !== need.approverRole.toLowerCase()) {
    return `role ${approval.role} is not ${need.approverRole}`;
  }
  const missing = need.evidence.filter((key) => !approval.evidence[key]?.trim());
  if (missing.length > 0) return `evidence missing: ${missing.join(', ')}`;
  if (approval.expiresAt !== undefined && Date.parse(approval.expiresAt) <= now.getTime()) {
    return `it expired at ${approval.expiresAt}`;
  }
  return undefined;
}

export interface ApprovalSearch {
  found?: Approval;
  /** One line per approval for this gate that did not count, for the waiting message. */
  rejected: string[];
}

export function findApproval(
  candidates: readonly Approval[],
  need: GateRequirement,
  now: Date,
): ApprovalSearch {
  const rejected: string[] = [];
  for (const approval of candidates) {
    if (approval.gate !== need.gate) continue;
    const why = rejectionOf(approval, need, now);
    if (why === undefined) return { found: approval, rejected };
    rejected.push(`approval by ${approval.approver} does not count: ${why}`);
  }
  return { rejected };
}
