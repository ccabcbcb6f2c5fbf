// The end-of-fleet summary: a text table for people, JSON rows for pipelines, and the
// markdown, JUnit and JSON report files (`--report kind=path`).
import { ExitCode } from '../cli/exit-codes.ts';
import { table as markdownTable } from '../report/markdown-table.ts';
import type { FleetResult, TenantResult } from './types.ts';

const HEADER = ['tenant', 'outcome', 'changes', 'duration', 'run id'];

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function row(result: TenantResult): string[] {
  return [
    result.name,
    result.outcome,
    String(result.changes),
    result.outcome === 'not-started' ? '-' : formatDuration(result.durationMs),
    result.runId ?? '-',
  ];
}

export function outcomeCounts(results: readonly TenantResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  return counts;
}

export function summaryLine(fleet: FleetResult): string {
  const counts = Object.entries(outcomeCounts(fleet.results))
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');
  const stopped = fleet.stoppedEarly ? '; stopped early, unstarted tenants were not touched' : '';
  return `${fleet.results.length} tenant(s): ${counts} in ${formatDuration(fleet.durationMs)}${stopped}; exit ${fleet.exitCode}`;
}

export function summaryTable(results: readonly TenantResult[]): string[] {
  const rows = [HEADER, ...results.map(row)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((cells) => (cells[column] ?? '').length)));
  const format = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [format(HEADER), format(widths.map((width) => '-'.repeat(width))), ...rows.slice(1).map(format)];
}

/** One JSON line per tenant, as printed with --output json and stored in the JSON report. */
export function summaryRows(results: readonly TenantResult[]): Record<string, unknown>[] {
  return results.map((result) => ({ type: 'fleet.tenant', tenant: result.name, ...result }));
}

export function fleetMarkdown(title: string, fleet: FleetResult): string {
  return [
    `## ${title}`,
    '',
    summaryLine(fleet),
    '',
    ...markdownTable(HEADER, fleet.results.map(row)),
    '',
  ].join('\n');
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One testcase per tenant: failed, skipped (not started) or passed. */
export function fleetJunit(title: string, fleet: FleetResult): string {
  const failed = fleet.results.filter(
    (r) => r.outcome !== 'not-started' && r.exitCode !== 0 && r.exitCode !== ExitCode.changesPending,
  );
  const skipped = fleet.results.filter((r) => r.outcome === 'not-started');
  const cases = fleet.results.map((r) => {
    const open = `    <testcase classname="${xml(title)}" name="${xml(r.name)} (${xml(r.tenantId)})" time="${(r.durationMs / 1000).toFixed(3)}">`;
    if (r.outcome === 'not-started') return `${open}<skipped message="not started"/></testcase>`;
    if (failed.includes(r)) {
      const message = `${r.outcome}: ${r.error?.message ?? `exit ${r.exitCode}`}`;
      return `${open}<failure message="${xml(message)}" type="${xml(r.error?.code ?? r.outcome)}"/></testcase>`;
    }
    return `${open}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(title)}" tests="${fleet.results.length}" failures="${failed.length}" skipped="${skipped.length}" time="${(fleet.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xml(title)}" tests="${fleet.results.length}" failures="${failed.length}" errors="0" skipped="${skipped.length}" time="${(fleet.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function fleetJson(title: string, fleet: FleetResult): string {
  return `${JSON.stringify(
    {
      title,
      exitCode: fleet.exitCode,
      stoppedEarly: fleet.stoppedEarly,
      durationMs: fleet.durationMs,
      outcomes: outcomeCounts(fleet.results),
      tenants: fleet.results,
    },
    null,
    2,
  )}\n`;
}
