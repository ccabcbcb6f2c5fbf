// Pipeline integration: GitHub Actions annotations and job summary, Azure Pipelines log issues.
import { isUnverified, type RunRecord } from './run-record.ts';

export interface CiTarget {
  githubActions: boolean;
  azurePipelines: boolean;
}

/** Workflow-command escaping (GitHub and Azure both treat % \r \n specially). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotationLines(record: RunRecord, ci: CiTarget): string[] {
  const issues: { level: 'error' | 'warning'; title: string; message: string }[] = [];
  for (const s of record.steps) {
    if (s.outcome === 'failed') {
      issues.push({
        level: 'error',
        title: `${s.step.id} failed`,
        message: s.error ? `[${s.error.code}] ${s.error.message}` : 'failed',
      });
    } else if (s.verified?.ok === false) {
      issues.push({
        level: 'error',
        title: `${s.step.id} not verified`,
        message: s.verified.checks.join('; '),
      });
    } else if (isUnverified(s)) {
      issues.push({
        level: 'warning',
        title: `${s.step.id} UNVERIFIED`,
        message: `confirmed by the operator only: ${s.verified?.reason ?? ''}`,
      });
    } else if (s.outcome === 'waiting') {
      issues.push({ level: 'warning', title: `${s.step.id} waiting`, message: s.waiting ?? 'waiting' });
    }
  }
  if (record.error && !record.steps.some((s) => s.outcome === 'failed' || s.outcome === 'waiting')) {
    issues.push({
      level: record.error.code.startsWith('WAITING') ? 'warning' : 'error',
      title: record.error.code,
      message: record.error.message,
    });
  }
  for (const w of record.warnings) issues.push({ level: 'warning', title: 'sop-integrate', message: w });
  const lines: string[] = [];
  for (const issue of issues) {
    if (ci.githubActions)
      lines.push(`::${issue.level} title=${escapeProperty(issue.title)}::${escapeData(issue.message)}`);
    if (ci.azurePipelines)
      lines.push(`##vso[task.logissue type=${issue.level}]${escapeData(`${issue.title}: ${issue.message}`)}`);
  }
  return lines;
}
