// The Markdown run report: what was planned, approved, changed and verified, for the change
// record and for CI job summaries.
import { isUnverified, type RunRecord } from './run-record.ts';
import { table } from './markdown-table.ts';

const OUTCOME: Record<string, string> = {
  applied: 'applied',
  unchanged: 'unchanged',
  skipped: 'done earlier',
  failed: '**failed**',
  waiting: 'waiting',
  'not-run': 'not run',
  planned: 'planned',
};

export function renderRunMarkdown(record: RunRecord): string[] {
  const outcome = record.error ? `stopped: ${record.error.code}` : (record.summary?.outcome ?? 'unknown');
  const lines = [
    `# sop-integrate: ${record.integration} phase ${record.phase} — ${record.title}`,
    '',
    `- SOP section: ${record.sop}`,
    `- Tenant: \`${record.tenantId}\``,
    `- Run: ${record.runId ? `\`${record.runId}\`` : '(dry run, no run id)'}`,
    `- Outcome: **${outcome}**${record.summary ? ` in ${(record.summary.durationMs / 1000).toFixed(1)} s` : ''}`,
    ...(record.plan ? [`- Plan hash: \`${record.plan.hash}\``] : []),
    '',
    '## Steps',
    '',
    ...table(
      ['Step', 'Action', 'Outcome', 'Verified', 'Summary'],
      record.steps.map((s) => [
        s.step.id,
        s.step.action,
        OUTCOME[s.outcome] ?? s.outcome,
        s.verified ? (isUnverified(s) ? '**UNVERIFIED**' : s.verified.ok ? 'yes' : '**no**') : '',
        s.error ? `${s.step.summary} — ${s.error.message}` : s.step.summary,
      ]),
    ),
  ];
  const changes = record.steps.filter((s) => s.step.changes.length > 0);
  if (changes.length > 0) {
    lines.push('', '## Changes (before → after)', '');
    lines.push(
      ...table(
        ['Step', 'Setting', 'Before', 'After'],
        changes.flatMap((s) => s.step.changes.map((c) => [s.step.id, c.path, c.before, c.after])),
      ),
    );
  }
  const evidence = record.steps.filter((s) => s.verified || (s.outputs && Object.keys(s.outputs).length > 0));
  if (evidence.length > 0) {
    lines.push('', '## Verification and evidence', '');
    for (const s of evidence) {
      lines.push(`### ${s.step.id}: ${s.step.title}`, '');
      if (isUnverified(s))
        lines.push(`- ⚠ UNVERIFIED (confirmed by the operator only): ${s.verified?.reason ?? ''}`);
      else
        for (const check of s.verified?.checks ?? []) lines.push(`- ${s.verified?.ok ? '✔' : '✖'} ${check}`);
      const outputs = Object.entries(s.outputs ?? {});
      if (outputs.length > 0) {
        lines.push(
          '',
          ...table(
            ['Output', 'Value'],
            outputs.map(([k, v]) => [k, v]),
          ),
        );
      }
      lines.push('');
    }
  }
  if (record.approvals.length > 0) {
    lines.push('', '## Approvals', '');
    lines.push(
      ...table(
        ['Gate', 'Approver', 'Role', 'Via'],
        record.approvals.map((a) => [a.gate, a.approver, a.role, a.via]),
      ),
    );
  }
  if (record.error) {
    lines.push('', '## Stopped', '', `\`${record.error.code}\`: ${record.error.message}`);
    if (record.error.hint) lines.push('', `Next: ${record.error.hint}`);
  }
  if (record.warnings.length > 0) lines.push('', '## Warnings', '', ...record.warnings.map((w) => `- ${w}`));
  return [...lines, ''];
}
