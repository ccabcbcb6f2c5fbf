// Risk assessment and rollback text of the change request, worked out from what the planned
// steps will actually do (type, action and changes), so the CTO reads this change's risks only.
import type { PlannedStep, RunPlan } from '../journal/index.ts';

const CHANGING = new Set<PlannedStep['action']>(['create', 'update', 'delete', 'manual']);

function changing(plan: RunPlan, type: string): PlannedStep[] {
  return plan.steps.filter((s) => s.type === type && CHANGING.has(s.action));
}

function afterOf(steps: PlannedStep[], path: string): unknown[] {
  return steps.flatMap((s) => s.changes.filter((c) => c.path === path).map((c) => c.after));
}

/** Graph permissions the plan adds that allow writing, e.g. Mail.ReadWrite. */
function writePermissions(steps: PlannedStep[]): string[] {
  const added = steps.flatMap((s) =>
    s.changes.filter((c) => c.path.startsWith('requiredResourceAccess')).flatMap((c) => c.after),
  );
  return [
    ...new Set(added.filter((p): p is string => typeof p === 'string' && /ReadWrite|Manage|Send/.test(p))),
  ];
}

function mailFlowRisks(plan: RunPlan): string[] {
  const out: string[] = [];
  if (changing(plan, 'dns.mx-records').length > 0) {
    out.push(
      '**Mail delivery during the MX cutover (high):** inbound mail starts to flow through Proofpoint. The MX TTL is lowered first and the cutover is refused until the old TTL has expired, so no resolver still holds the old MX; it runs only inside the approved change window and is verified at every authoritative server. Rollback restores the previous MX records and TTL.',
    );
  }
  if (changing(plan, 'dns.mx-ttl').length > 0) {
    out.push(
      '**Short MX TTL (low):** resolvers ask for the MX more often while the TTL is lowered; rollback restores the previous TTL.',
    );
  }
  const inbound = changing(plan, 'exchange.inbound-connector');
  if (afterOf(inbound, 'RestrictDomainsToIPAddresses').includes(true)) {
    out.push(
      '**Inbound connector restricted to Proofpoint’s IP ranges (high):** from the moment it exists, Exchange Online rejects mail of the listed sender domains that does not come from those ranges, including mail still delivered through the old MX. Keep the time between creating the connector and the MX cutover short; rollback removes it.',
    );
  } else if (inbound.length > 0) {
    out.push(
      '**Inbound connector (medium):** mail from Proofpoint’s ranges is trusted by the partner connector; it is read back after it is set, and rollback removes it or restores its previous settings.',
    );
  }
  const outbound = [
    ...changing(plan, 'exchange.outbound-connector'),
    ...changing(plan, 'exchange.transport-rule'),
  ];
  if (outbound.length > 0) {
    out.push(
      '**Outbound routing through Proofpoint (medium):** once the transport rule routes mail to external recipients through the smart-host connector, outbound mail depends on Proofpoint accepting relay from this tenant; the connector exists before the rule, each is read back after it is set, and rollback removes the rule before the connector.',
    );
  }
  if (changing(plan, 'dns.spf').length > 0) {
    out.push(
      '**SPF record (medium):** a wrong SPF record makes receivers reject or junk our mail; Proofpoint’s mechanism is added before the `all` term of the one SPF record, the 10-lookup limit is checked at plan time, and rollback restores the previous record.',
    );
  }
  if (changing(plan, 'proofpoint.domains').length > 0) {
    out.push(
      '**Proofpoint domains (low):** Proofpoint starts accepting mail for the domains; nothing reaches it before the MX cutover. Rollback removes only the domains this run added.',
    );
  }
  return out;
}

export function risksOf(plan: RunPlan): string[] {
  const out = mailFlowRisks(plan);
  const apps = changing(plan, 'entra.app-registration');
  if (apps.length > 0) {
    const writes = writePermissions(apps);
    out.push(
      `**Privileged Graph application permissions (medium):** the apps get tenant-wide application permissions with admin consent${writes.length > 0 ? `, including write access (${writes.join(', ')})` : ''}; the Security team reviews each permission at gate \`security-review\`, client secrets go only to the secret store and expire. Rollback deletes the apps, their consent and the stored secrets.`,
    );
  }
  if (plan.steps.some((s) => s.type.startsWith('intune.') && CHANGING.has(s.action))) {
    out.push(
      '**Software deployment to devices (medium):** the agent is assigned only to the named device group, never All Devices unless explicitly allowed; rollback removes the assignment and the app.',
    );
  }
  const manual = plan.steps.filter((s) => s.action === 'manual');
  if (manual.length > 0) {
    out.push(
      `**Manual portal steps (low):** ${manual.map((s) => s.id).join(', ')} are done by an operator from exact instructions, confirmed in the journal, and verified from outside where possible (for the Proofpoint pages: the app’s service-principal sign-in in Entra’s sign-in log, which needs Microsoft Entra ID P1/P2; without it they are recorded as UNVERIFIED, on the operator’s confirmation alone).`,
    );
  }
  if (out.length === 0) out.push('No step changes production configuration.');
  return out;
}

const CREATED: Record<string, string> = {
  'entra.app-registration':
    'delete the app registration and its service principal (with its consent), remove the stored secret',
  'exchange.inbound-connector': 'remove the inbound connector (Remove-InboundConnector)',
  'exchange.outbound-connector': 'remove the outbound connector (Remove-OutboundConnector)',
  'exchange.transport-rule': 'remove the transport rule (Remove-TransportRule)',
  'proofpoint.domains': 'delete from Proofpoint only the domains this run added',
  'dns.spf': 'delete the SPF record this run created',
};

/** What rollback does for one planned step, in the words of that step type. */
export function undoText(step: PlannedStep): string {
  switch (step.action) {
    case 'create':
      return CREATED[step.type] ?? 'remove what the step created';
    case 'update':
      return step.changes.length > 0
        ? `restore ${step.changes.map((c) => `${c.path} to ${JSON.stringify(c.before)}`).join('; ')}`
        : 'restore the previous settings';
    case 'delete':
      return 're-create what the step deleted';
    case 'manual':
      return step.type === 'proofpoint.portal-setting'
        ? 'operator removes the portal configuration (instructions shown at rollback)'
        : 'operator reverts the change by hand (exact values shown at rollback)';
    default:
      return 'nothing to undo';
  }
}

/** Steps rollback acts on, newest first: waits and unchanged steps leave nothing to undo. */
export function undoneSteps(plan: RunPlan): PlannedStep[] {
  return [...plan.steps].reverse().filter((s) => s.action !== 'noop' && s.action !== 'wait');
}
