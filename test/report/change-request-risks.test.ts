// The change request's risk assessment and rollback table follow what the planned steps do.
import { describe, expect, it } from 'vitest';
import type { PlannedStep, RunPlan } from '../../src/journal/index.ts';
import { renderChangeRequest } from '../../src/report/change-request.ts';
import { risksOf, undoneSteps, undoText } from '../../src/report/change-request-risks.ts';

function step(
  id: string,
  type: string,
  action: PlannedStep['action'],
  changes: PlannedStep['changes'] = [],
): PlannedStep {
  return {
    id,
    type,
    title: `Title of ${id}`,
    action,
    summary: `${action} ${id}`,
    changes,
    calls: [],
    details: [],
    pending: false,
  };
}

function planOf(steps: PlannedStep[]): RunPlan {
  return {
    runbookHash: 'r',
    inputsHash: 'i',
    integration: 'proofpoint',
    phase: 2,
    steps,
    gates: { 'cto-change-approval': { approverRole: 'CTO', evidence: ['changeId'] } },
    hash: 'ab'.repeat(32),
  };
}

const plan = planOf([
  { ...step('change-approved', 'note', 'noop'), gate: 'cto-change-approval' },
  step('sync-app', 'entra.app-registration', 'create', [
    {
      path: 'requiredResourceAccess[Microsoft Graph]',
      before: [],
      after: ['User.Read.All', 'Mail.ReadWrite'],
    },
  ]),
  step('portal', 'proofpoint.portal-setting', 'manual'),
  step('inbound', 'exchange.inbound-connector', 'create', [
    { path: 'RestrictDomainsToIPAddresses', before: null, after: true },
  ]),
  step('ttl', 'dns.mx-ttl', 'update', [{ path: 'fabrikam.example MX TTL', before: 3600, after: 300 }]),
  step('wait', 'wait', 'wait'),
  step('mx', 'dns.mx-records', 'update', [
    { path: 'fabrikam.example MX', before: '0 old (TTL 300)', after: '10 new (TTL 300)' },
  ]),
]);

describe('change request risks and rollback', () => {
  it('names the risks of exactly these steps, including write permissions and the IP restriction', () => {
    const text = risksOf(plan).join('\n');
    expect(text).toContain('**Mail delivery during the MX cutover (high):**');
    expect(text).toContain('**Short MX TTL (low):**');
    expect(text).toContain('**Inbound connector restricted to Proofpoint’s IP ranges (high):**');
    expect(text).toContain('including write access (Mail.ReadWrite)');
    expect(text).toContain('**Manual portal steps (low):** portal are done by an operator');
    expect(text).not.toContain('SPF');
    expect(text).not.toContain('Software deployment');
    expect(risksOf(planOf([step('n', 'note', 'noop')]))).toEqual([
      'No step changes production configuration.',
    ]);
  });

  it('rolls back newest first, skipping waits and unchanged steps, in each step type’s words', () => {
    expect(undoneSteps(plan).map((s) => [s.id, undoText(s)])).toEqual([
      ['mx', 'restore fabrikam.example MX to "0 old (TTL 300)"'],
      ['ttl', 'restore fabrikam.example MX TTL to 3600'],
      ['inbound', 'remove the inbound connector (Remove-InboundConnector)'],
      ['portal', 'operator removes the portal configuration (instructions shown at rollback)'],
      [
        'sync-app',
        'delete the app registration and its service principal (with its consent), remove the stored secret',
      ],
    ]);
  });

  it('renders the approvals each gate needs, bound to the full plan hash', () => {
    const lines = renderChangeRequest({
      integration: 'proofpoint',
      tenantId: 't-1',
      target: { phase: 2, title: 'Implementation', sop: '6.0', plan },
      findings: [],
      generatedAt: new Date('2026-03-01T10:00:00Z'),
    });
    expect(lines).toContain('| cto-change-approval | CTO | changeId | change-approved |');
    expect(lines.join('\n')).toContain(`for plan \`${'ab'.repeat(32)}\``);
    expect(lines.some((l) => l.startsWith('| wait |'))).toBe(false);
  });
});
