// The main flows again, with every output on (JSON events, verbose text, junit/markdown/json
// reports, a saved plan), scanned for every secret the sandbox issued or the config supplied.
// (Each crash and fault case in this suite scans its own outputs and journal the same way.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../cli/run-cli.ts';
import { seededStateDir } from './support/clean-run.ts';
import { expectNoSecrets } from './support/no-secrets.ts';

const reports = (dir: string, name: string) => [
  '--report',
  `junit=${path.join(dir, `${name}.xml`)}`,
  '--report',
  `markdown=${path.join(dir, `${name}.md`)}`,
  '--report',
  `json=${path.join(dir, `${name}.json`)}`,
];

describe('no secret in any output of the main flows', () => {
  it.concurrent.each([
    ['proofpoint', '2'],
    ['ninjaone', '1'],
  ])(
    '%s phase %s: plan, apply, show, rollback',
    async (integration, phase) => {
      const { cwd, stateDir } = await seededStateDir('sop-secrets-');
      const reportDir = path.join(cwd, 'reports');
      const sandbox = ['--sandbox', '--state-dir', stateDir];
      const outputs: Record<string, CliResult> = {};
      const run = integration === undefined || phase === undefined ? [] : [integration, '--phase', phase];
      outputs.plan = await runCli(
        [
          'plan',
          integration ?? '',
          '--phase',
          phase ?? '',
          ...sandbox,
          '--out',
          path.join(reportDir, 'plan.json'),
        ],
        { cwd },
      );
      expect(outputs.plan.code, outputs.plan.stderr).toBe(0);
      outputs.apply = await runCli([...run, ...sandbox, '--output', 'json', ...reports(reportDir, 'apply')], {
        cwd,
      });
      expect(outputs.apply.code, outputs.apply.stderr).toBe(0);
      const runId = /"runId":"([^"]+)"/.exec(outputs.apply.stdout)?.[1] ?? '';
      outputs.verbose = await runCli([...run, ...sandbox, '--verbose', '--dry-run'], { cwd });
      outputs.show = await runCli(['show', runId, '--state-dir', stateDir, '--output', 'json'], { cwd });
      outputs.rollback = await runCli(['rollback', runId, ...sandbox, ...reports(reportDir, 'rollback')], {
        cwd,
      });
      expect(outputs.rollback.code, outputs.rollback.stderr).toBe(0);
      expect(readFileSync(path.join(reportDir, 'apply.xml'), 'utf8')).toMatch(/<testsuite/);
      await expectNoSecrets(
        stateDir,
        Object.fromEntries(
          Object.entries(outputs).flatMap(([n, r]) => [
            [`${n} stdout`, r.stdout],
            [`${n} stderr`, r.stderr],
          ]),
        ),
        [reportDir],
      );
    },
    300_000,
  );
});
