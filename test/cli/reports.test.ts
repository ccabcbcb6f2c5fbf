// Reports for pipelines: JUnit, Markdown and JSON summary files, GitHub annotations and job
// summary, Azure Pipelines log issues — written whatever the outcome.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.ts';

describe('reports', () => {
  it('writes JUnit, Markdown and JSON for a run that applies, and a GitHub job summary', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'summary.md'), '');
    const result = await runCli(
      [
        'proofpoint',
        '--phase',
        '2',
        '--sandbox',
        '--sandbox-mx-ttl',
        '2',
        '--state-dir',
        'state',
        '--report',
        'junit=j.xml',
        '--report',
        'markdown=r.md',
        '--report',
        'json=s.json',
      ],
      { cwd, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: path.join(cwd, 'summary.md') } },
    );
    expect(result.code).toBe(0);
    const junit = readFileSync(path.join(cwd, 'j.xml'), 'utf8');
    const testcases = junit.match(/<testcase /g)?.length ?? 0;
    expect(testcases).toBeGreaterThanOrEqual(4);
    expect(junit).toMatch(
      new RegExp(`<testsuites name="sop-integrate" tests="${testcases}" failures="0" skipped="0"`),
    );
    expect(junit).toMatch(
      /<testcase name="directory-sync-app: Create App Registration Proofpoint-Directory-Sync"/,
    );
    const summary = JSON.parse(readFileSync(path.join(cwd, 's.json'), 'utf8')) as {
      outcome: string;
      exitCode: number;
      steps: { id: string; outcome: string; verified: boolean }[];
    };
    expect(summary).toMatchObject({ outcome: 'succeeded', exitCode: 0 });
    expect(summary.steps).toHaveLength(testcases);
    const byId = new Map(summary.steps.map((s) => [s.id, [s.outcome, s.verified]]));
    for (const id of ['directory-sync-app', 'enter-sync-settings', 'trap-app', 'connect-trap']) {
      expect(byId.get(id)).toEqual(['applied', true]);
    }
    // Every step ended applied or unchanged, and each was verified.
    expect(summary.steps.filter((s) => !['applied', 'unchanged'].includes(s.outcome) || !s.verified)).toEqual(
      [],
    );
    const markdown = readFileSync(path.join(cwd, 'r.md'), 'utf8');
    expect(markdown).toMatch(/^# sop-integrate: proofpoint phase 2/);
    expect(markdown).toMatch(/\| security-review \| sandbox stand-in \| Security \|/);
    expect(readFileSync(path.join(cwd, 'summary.md'), 'utf8')).toBe(`${markdown}\n`);
  });

  it('reports a stopped run: skipped testcases, the error in JSON, annotations for GitHub and Azure', async () => {
    const cwd = tempDir();
    const result = await runCli(
      [
        'proofpoint',
        '--phase',
        '2',
        '--sandbox',
        '--rehearse',
        '--state-dir',
        'state',
        '--report',
        'junit=j.xml',
        '--report',
        'json=s.json',
      ],
      { cwd, env: { GITHUB_ACTIONS: 'true', TF_BUILD: 'True' } },
    );
    expect(result.code).toBe(3);
    const junit = readFileSync(path.join(cwd, 'j.xml'), 'utf8');
    const testcases = junit.match(/<testcase /g)?.length ?? 0;
    // Nothing ran: the first step waits at its gate, the rest were not reached.
    expect(junit).toMatch(new RegExp(`tests="${testcases}" failures="0" skipped="${testcases}"`));
    expect(JSON.parse(readFileSync(path.join(cwd, 's.json'), 'utf8'))).toMatchObject({
      outcome: 'WAITING_FOR_APPROVAL',
      exitCode: 3,
    });
    expect(result.stdout).toMatch(
      /^::warning title=[a-z-]+ waiting::gate [a-z-]+ needs approval by [A-Za-z]+ before step/m,
    );
    expect(result.stdout).toMatch(
      /^##vso\[task.logissue type=warning\][a-z-]+ waiting: gate [a-z-]+ needs approval/m,
    );
  });

  it('rejects a bad --report before anything runs', async () => {
    const result = await runCli(['proofpoint', '--phase', '2', '--sandbox', '--report', 'pdf=x.pdf']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expected junit=<path>, markdown=<path> or json=<path>/);
  });
});
