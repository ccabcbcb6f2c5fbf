// The change request SOP 5.0 demands before any integration: business justification, risk
// assessment, implementation plan (the later phase's plan, computed against live state),
// rollback strategy (each step's undo) and verification. Rendered as Markdown for the CTO.
import type { PlannedStep, RunPlan } from '../journal/index.ts';
import { risksOf, undoneSteps, undoText } from './change-request-risks.ts';
import { table } from './markdown-table.ts';

/** SOP section 3, "Strategic Benefits": the business justification of every integration. */
const STRATEGIC_BENEFITS = [
  '**Centralized security posture:** email threat data from Proofpoint and endpoint compliance data from NinjaOne join Microsoft’s security fabric, for faster, correlated incident response.',
  '**Streamlined user lifecycle management:** user data stays synchronized between Microsoft 365, Proofpoint and NinjaOne, reducing administrative errors.',
  '**Automated threat remediation:** Proofpoint quarantines malicious email automatically and NinjaOne enforces device compliance on triggers from the Microsoft ecosystem.',
  '**Operational efficiency:** mail-flow configuration, device monitoring and user management are automated across the three platforms.',
];

export interface ChangeRequestInput {
  integration: string;
  tenantId: string;
  /** The phase the change request asks approval for, planned against live state. */
  target: { phase: number; title: string; sop: string; plan: RunPlan };
  /** Facts gathered by the planning phase (inventory, assessments), as step outputs. */
  findings: { stepId: string; title: string; outputs: Record<string, unknown> }[];
  generatedAt: Date;
}

const MUTATING = new Set<PlannedStep['action']>(['create', 'update', 'delete']);

export function renderChangeRequest(input: ChangeRequestInput): string[] {
  const { plan } = input.target;
  const lines = [
    `# Change request: ${input.integration} — phase ${input.target.phase}, ${input.target.title}`,
    '',
    `- SOP section: ${input.target.sop}`,
    `- Tenant: \`${input.tenantId}\``,
    `- Plan hash: \`${plan.hash}\` (approvals are bound to this plan)`,
    `- Prepared: ${input.generatedAt.toISOString()} by sop-integrate`,
    '',
    '## Business justification',
    '',
    ...STRATEGIC_BENEFITS.map((b) => `- ${b}`),
    '',
    '## Risk assessment',
    '',
    ...risksOf(plan).map((r) => `- ${r}`),
    '',
    '## Implementation plan',
    '',
    `Computed against the tenant’s live state; ${plan.steps.filter((s) => MUTATING.has(s.action)).length} steps change configuration, ${plan.steps.filter((s) => s.action === 'manual').length} are manual.`,
    '',
    ...table(
      ['#', 'Step', 'Action', 'What', 'Gate'],
      plan.steps.map((s, i) => [i + 1, s.id, s.action, s.summary, s.gate ?? '']),
    ),
  ];
  const detailed = plan.steps.filter((s) => s.changes.length > 0 || s.details.length > 0);
  for (const s of detailed) {
    lines.push('', `### ${s.id}: ${s.title}`, '');
    for (const c of s.changes)
      lines.push(`- \`${c.path}\`: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
    for (const d of s.details) lines.push(`- ${d}`);
  }
  lines.push(
    '',
    '## Rollback strategy',
    '',
    'Every change is journaled before it is made. `sop-integrate rollback <run-id>` undoes the run newest step first:',
    '',
    ...table(
      ['Step', 'Undo'],
      undoneSteps(plan).map((s) => [s.id, undoText(s)]),
    ),
    '',
    '## Verification',
    '',
    'Each step is verified right after it is applied (read back from the service, DNS answers at every authoritative server, API state); the run stops at the first failed verification.',
    '',
    ...plan.steps.filter((s) => s.action !== 'noop').map((s) => `- ${s.id}: ${s.title}`),
  );
  if (input.findings.length > 0) {
    lines.push('', '## Findings from the planning phase', '');
    for (const f of input.findings) {
      lines.push(`### ${f.title}`, '', '```json', JSON.stringify(f.outputs, null, 2), '```', '');
    }
  }
  lines.push('', ...approvalLines(input), '');
  return lines;
}

/** Who must approve, and how the approval reaches the later phase: bound to this plan's hash. */
function approvalLines(input: ChangeRequestInput): string[] {
  const { plan, phase } = input.target;
  const gates = Object.entries(plan.gates);
  const lines = ['## Approval', ''];
  if (gates.length > 0) {
    lines.push(
      `Phase ${phase} stops at each gate until it is approved for plan \`${plan.hash.slice(0, 12)}\`; a plan that differs from this one (live state changed) needs a new approval.`,
      '',
      ...table(
        ['Gate', 'Approver role', 'Evidence', 'Steps'],
        gates.map(([id, gate]) => [
          id,
          gate.approverRole,
          gate.evidence.join(', '),
          plan.steps
            .filter((s) => s.gate === id)
            .map((s) => s.id)
            .join(', '),
        ]),
      ),
      '',
    );
  }
  lines.push(
    `- [ ] Approved by the Chief Technology Officer (gate \`cto-change-approval\`, evidence: change id), for plan \`${plan.hash}\``,
  );
  return lines;
}
