// JUnit XML: one testsuite per run, one testcase per step, so CI systems show each SOP step.
import { isUnverified, type RunRecord, type StepRecord } from './run-record.ts';

function escape(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // XML 1.0 forbids most control characters even when escaped; removing them is the point.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

function testcase(record: RunRecord, s: StepRecord): string {
  const name = escape(`${s.step.id}: ${s.step.title}`);
  const classname = escape(`${record.integration}.phase-${record.phase}`);
  const time = ((s.durationMs ?? 0) / 1000).toFixed(3);
  const open = `    <testcase name="${name}" classname="${classname}" time="${time}">`;
  const checks = s.verified
    ? isUnverified(s)
      ? `\nUNVERIFIED: ${s.verified.reason ?? ''}`
      : `\nverified: ${s.verified.checks.join('; ')}`
    : '';
  const out = `      <system-out>${escape(`${s.outcome}: ${s.step.action} ${s.step.summary}${checks}`)}</system-out>`;
  // Passed on the operator's word: a property CI dashboards can filter on, not a failure.
  const props = isUnverified(s)
    ? `      <properties><property name="verified" value="false"/><property name="unverifiedReason" value="${escape(s.verified?.reason ?? '')}"/></properties>\n`
    : '';
  if (s.outcome === 'failed' || s.verified?.ok === false) {
    const message = s.error ? `[${s.error.code}] ${s.error.message}` : 'verification failed';
    return `${open}\n      <failure message="${escape(message)}" type="${escape(s.error?.phase ?? 'verify')}"/>\n${out}\n    </testcase>`;
  }
  if (s.outcome === 'not-run' || s.outcome === 'waiting' || s.outcome === 'planned') {
    const why = s.waiting ?? (s.outcome === 'planned' ? 'dry run: planned only' : 'not reached');
    return `${open}\n      <skipped message="${escape(why)}"/>\n${out}\n    </testcase>`;
  }
  return `${open}\n${props}${out}\n    </testcase>`;
}

export function renderJunit(record: RunRecord): string {
  const failures = record.steps.filter((s) => s.outcome === 'failed' || s.verified?.ok === false).length;
  const skipped = record.steps.filter((s) => ['not-run', 'waiting', 'planned'].includes(s.outcome)).length;
  const time = ((record.summary?.durationMs ?? 0) / 1000).toFixed(3);
  const name = escape(
    `sop-integrate ${record.integration} phase ${record.phase}${record.runId ? ` (${record.runId})` : ''}`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sop-integrate" tests="${record.steps.length}" failures="${failures}" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="${name}" tests="${record.steps.length}" failures="${failures}" skipped="${skipped}" time="${time}">`,
    ...record.steps.map((s) => testcase(record, s)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
