// `--report json=<path>`: a run summary for scripts (schema in README "Reports").
import { isUnverified, type RunRecord } from './run-record.ts';

export function renderSummaryJson(record: RunRecord, exitCode: number): string {
  const summary = {
    kind: 'sop-integrate/run-summary',
    version: 1,
    runId: record.runId ?? null,
    integration: record.integration,
    phase: record.phase,
    tenantId: record.tenantId,
    dryRun: record.dryRun,
    outcome: record.error ? record.error.code : (record.summary?.outcome ?? 'unknown'),
    exitCode,
    planHash: record.plan?.hash ?? null,
    durationMs: record.summary?.durationMs ?? null,
    counts: record.summary?.counts ?? null,
    steps: record.steps.map((s) => ({
      id: s.step.id,
      type: s.step.type,
      action: s.step.action,
      outcome: s.outcome,
      // An operator's confirmation alone is not verification: false, with the reason beside it.
      verified: isUnverified(s) ? false : (s.verified?.ok ?? null),
      unverifiedReason: isUnverified(s) ? (s.verified?.reason ?? null) : null,
      error: s.error ?? null,
    })),
    approvals: record.approvals,
    error: record.error ?? null,
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}
