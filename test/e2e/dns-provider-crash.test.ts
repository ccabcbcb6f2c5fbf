// A crash right after Azure DNS or Route 53 applied the MX cutover, before the tool saw the answer
// (Route 53: the change is still PENDING; Azure: the record set's etag has moved on). unlock +
// resume must finish the run without a second cutover, and rollback must still restore the
// zone to exactly what it was.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmptyDiff } from '../../src/sandbox/index.ts';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { expectMailFlows } from './mail-probe.ts';
import { snapshotOf, withSandboxState } from './sandbox-state.ts';

/**
 * With a 2 s MX TTL there is nothing to lower, so phase 2's zone writes are SPF, then the cutover:
 * the rules below fire on exactly the cutover (Azure DNS: the PUT of the MX set; Route 53: the
 * second change batch).
 */
const CUTOVER = {
  azure: 'kind=crash-after,service=arm,method=PUT,path=/MX/,nth=1',
  route53: 'kind=crash-after,service=route53,method=POST,path=/rrset,nth=2',
};

function mxRecords(stateDir: string) {
  return withSandboxState(stateDir, (sb) =>
    Object.values(sb.snapshot().dns?.records ?? {})
      .filter((r) => r.type === 'MX' && r.name === 'contoso.example')
      .map((r) => `${r.priority} ${r.content} ttl=${r.ttl}`)
      .sort(),
  );
}

function spf(stateDir: string) {
  return withSandboxState(stateDir, (sb) =>
    Object.values(sb.snapshot().dns?.records ?? {})
      .filter((r) => r.type === 'TXT' && r.name === 'contoso.example')
      .map((r) => r.content),
  );
}

describe.each(['azure', 'route53'] as const)('a crash during the %s MX cutover', (provider) => {
  it('resumes to one cutover and rolls back exactly', async () => {
    const cwd = tempDir('sop-dns-crash-');
    const stateDir = path.join(cwd, 'state');
    const sandbox = [
      '--sandbox',
      '--sandbox-dns',
      provider,
      '--sandbox-mx-ttl',
      '2',
      '--state-dir',
      stateDir,
    ];
    await runCli(['proofpoint', '--phase', '2', ...sandbox, '--dry-run'], { cwd });
    const initial = await snapshotOf(stateDir);

    const crashed = await runCli(
      ['proofpoint', '--phase', '2', ...sandbox, '--sandbox-fault', CUTOVER[provider]],
      {
        cwd,
      },
    );
    expect(crashed.code, crashed.stderr).toBeNull(); // SIGKILL
    // Killed right after the cutover was applied: SPF came before it; mail flows meanwhile.
    expect(await spf(stateDir)).toEqual([
      'v=spf1 include:spf.protection.outlook.com a:dispatch-us.ppe-hosted.com -all',
    ]);
    expect(await mxRecords(stateDir)).toEqual([
      '10 mx1-us1.ppe-hosted.com ttl=2',
      '20 mx2-us1.ppe-hosted.com ttl=2',
    ]);
    await expectMailFlows(stateDir, `crashed right after the ${provider} cutover`);
    const runId = (readdirSync(path.join(stateDir, 'runs')).find((f) => f.endsWith('.jsonl')) ?? '').replace(
      /\.jsonl$/,
      '',
    );
    expect(
      (await runCli(['unlock', initial.tenant.id, 'proofpoint', '--state-dir', stateDir], { cwd })).code,
    ).toBe(0);
    const resumed = await runCli(['resume', runId, ...sandbox], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await mxRecords(stateDir)).toEqual([
      '10 mx1-us1.ppe-hosted.com ttl=2',
      '20 mx2-us1.ppe-hosted.com ttl=2',
    ]);
    await expectMailFlows(stateDir, `resumed after the ${provider} crash`);

    const rolledBack = await runCli(['rollback', runId, ...sandbox], { cwd });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    await withSandboxState(stateDir, (sb) => {
      const diff = sb.diff(initial, sb.snapshot());
      expect(isEmptyDiff(diff), JSON.stringify(diff, null, 1)).toBe(true);
    });
    expect(await mxRecords(stateDir)).toEqual(['0 contoso-example.mail.protection.outlook.com ttl=2']);
    await expectMailFlows(stateDir, `rolled back after the ${provider} crash`);
  }, 150_000);
});
