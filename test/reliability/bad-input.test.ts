// Bad local input: malformed runbooks, configs, flags and approval files (truncated, wrong types,
// YAML alias bombs, non-UTF-8 bytes, 10 MB files). Each gets a clear message and exit 2, and
// calls nothing: with --sandbox the sandbox is never even started (no state file appears), and
// against a "real" tenant every endpoint is a tripwire server that must see zero requests. A
// control run with good input proves the tripwire is wired (it does get called).
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../cli/run-cli.ts';
import { writeBadFiles } from './support/bad-files.ts';
import { startTripwire, type Tripwire } from './support/tripwire.ts';

interface Case {
  name: string;
  args: string[];
  code: number;
  says: RegExp;
}

const sandboxRun = ['proofpoint', '--phase', '2', '--sandbox', '--state-dir', 'state'];
const sandboxCases: Case[] = [
  {
    name: 'config: truncated YAML',
    args: [...sandboxRun, '--config', 'truncated.yaml'],
    code: 2,
    says: /config file is not valid YAML[\s\S]*truncated\.yaml:3:1/,
  },
  {
    name: 'config: wrong type',
    args: [...sandboxRun, '--config', 'wrong-type.yaml'],
    code: 2,
    says: /wrong-type\.yaml:1:11: tenantId: .*expected string, received number/,
  },
  {
    name: 'config: alias bomb',
    args: [...sandboxRun, '--config', 'alias-bomb.yaml'],
    code: 2,
    says: /alias/i,
  },
  {
    name: 'config: non-UTF-8 bytes',
    args: [...sandboxRun, '--config', 'non-utf8.yaml'],
    code: 2,
    says: /config file is not UTF-8/,
  },
  {
    name: 'config: 10 MB',
    args: [...sandboxRun, '--config', 'ten-mb.yaml'],
    code: 2,
    says: /config file is \d+ bytes; the limit is 1048576/,
  },
  {
    name: 'config: missing file',
    args: [...sandboxRun, '--config', 'absent.yaml'],
    code: 2,
    says: /absent\.yaml/,
  },
  {
    name: 'approvals: wrong types',
    args: [...sandboxRun, '--approvals', 'approvals-wrong-type.yaml'],
    code: 2,
    says: /approvals\.0\.approver: .*expected string[\s\S]*planHash: must be the 64-hex plan hash/,
  },
  {
    name: 'approvals: truncated JSON',
    args: [...sandboxRun, '--approvals', 'approvals-truncated.json'],
    code: 2,
    says: /approvals file \S*approvals-truncated\.json is not valid YAML\/JSON/,
  },
  {
    name: 'approvals: non-UTF-8 bytes',
    args: [...sandboxRun, '--approvals', 'approvals-non-utf8.yaml'],
    code: 2,
    says: /approvals file \S*approvals-non-utf8\.yaml is not UTF-8/,
  },
  {
    name: 'approvals: alias bomb',
    args: [...sandboxRun, '--approvals', 'alias-bomb.yaml'],
    code: 2,
    says: /alias/i,
  },
  {
    name: 'approvals: 10 MB',
    args: [...sandboxRun, '--approvals', 'approvals-ten-mb.yaml'],
    code: 2,
    says: /is \d+ bytes; the limit is 1048576/,
  },
  {
    name: 'flag: phase not a number',
    args: ['proofpoint', '--phase', 'x', '--sandbox', '--state-dir', 'state'],
    code: 2,
    says: /the phase is a whole number/,
  },
  {
    name: 'flag: phase that does not exist',
    args: ['proofpoint', '--phase', '9', '--sandbox', '--state-dir', 'state'],
    code: 2,
    says: /proofpoint has no phase 9/,
  },
  {
    name: 'flag: input of the wrong type',
    args: [...sandboxRun, '--set', 'domains=not_a_domain!'],
    code: 2,
    says: /"not_a_domain!" is not a domain name/,
  },
  {
    name: 'flag: undeclared input',
    args: [...sandboxRun, '--set', 'nosuchinput=1'],
    code: 2,
    says: /declares no input "nosuchinput"/,
  },
  {
    name: 'flag: window that is not an interval',
    args: [...sandboxRun, '--window', 'yesterday'],
    code: 2,
    says: /--window "yesterday" is not <start>\/<end>/,
  },
  {
    name: 'flag: unknown output format',
    args: [...sandboxRun, '--output', 'xml'],
    code: 2,
    says: /Allowed choices are text, json/,
  },
  {
    name: 'flag: unknown option',
    args: [...sandboxRun, '--frobnicate'],
    code: 2,
    says: /unknown option '--frobnicate'/,
  },
  {
    name: 'flag: bad sandbox fault',
    args: [...sandboxRun, '--sandbox-fault', 'kind=bogus'],
    code: 2,
    says: /kind must be one of/,
  },
  {
    name: 'flag: resume of an unknown run',
    args: ['resume', '20260101T000000Z-dead', '--sandbox', '--state-dir', 'state'],
    code: 2,
    says: /no run 20260101T000000Z-dead/,
  },
];

const runbookCases: Case[] = [
  {
    name: 'runbook: truncated YAML',
    args: ['validate', 'runbook-truncated.yaml'],
    code: 2,
    says: /runbook-truncated\.yaml:\d+:\d+/,
  },
  {
    name: 'runbook: wrong types',
    args: ['validate', 'runbook-wrong-type.yaml'],
    code: 2,
    says: /runbook-wrong-type\.yaml:3:\d+:.*phase/,
  },
  {
    name: 'runbook: alias bomb',
    args: ['validate', 'alias-bomb.yaml'],
    code: 2,
    says: /YAML aliases expand too much/,
  },
  {
    name: 'runbook: non-UTF-8 bytes',
    args: ['validate', 'runbook-non-utf8.yaml'],
    code: 2,
    says: /runbook-non-utf8\.yaml:3:3: file is not valid UTF-8: byte 0xe2/,
  },
  {
    name: 'runbook: 10 MB',
    args: ['validate', 'runbook-ten-mb.yaml'],
    code: 2,
    says: /runbook-ten-mb\.yaml.*(too large|limit|bytes)/i,
  },
];

describe('bad local input is refused with exit 2 and calls nothing', () => {
  const cwd = tempDir('sop-bad-');
  beforeAll(() => writeBadFiles(cwd));

  it.concurrent.each([...sandboxCases, ...runbookCases])('$name', async ({ args, code, says }) => {
    const dir = tempDir('sop-bad-case-');
    const run = await runCli(
      args.map((a) =>
        a === 'state' ? path.join(dir, 'state') : /\.(ya?ml|json)$/.test(a) ? path.join(cwd, a) : a,
      ),
      { cwd },
    );
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toMatch(says);
    expect(run.stderr).not.toMatch(/BUG|unexpected error|at .*\.js:\d+/);
    // The sandbox starts only once every local check passed: no state file, no request.
    expect(existsSync(path.join(dir, 'state', 'sandbox', 'state.json'))).toBe(false);
  });
});

describe('against a real tenant, refused input makes zero requests (tripwire endpoints)', () => {
  let tripwire: Tripwire;
  const cwd = tempDir('sop-bad-tenant-');
  const env = {
    SOP_INTEGRATE_CLIENT_SECRET: 'tripwire-secret-8841',
    SOP_INTEGRATE_NINJAONE_CLIENT_SECRET: 'tripwire-n1-5172',
  };
  beforeAll(async () => {
    tripwire = await startTripwire();
    writeBadFiles(cwd);
    writeFileSync(
      path.join(cwd, 'tenant.yaml'),
      [
        'tenantId: 0c4f2a77-5d1e-4b8a-9f3c-2e6d7a1b9c50',
        'credential: { kind: client-secret, clientId: 5b3e9d21-7c4a-4f6e-8a2b-1d9c0e7f3a64 }',
        `endpoints: { login: "${tripwire.url}/login", graph: "${tripwire.url}/graph", exchange: "${tripwire.url}/exchange" }`,
        `ninjaone: { region: "${tripwire.url}/ninjaone", clientId: tripwire-client }`,
        'inputs: { organization: Fabrikam, location: Main, deviceGroups: [NinjaOne Devices] }',
      ].join('\n'),
    );
  });
  afterAll(async () => tripwire.close());
  const tenantRun = [
    'ninjaone',
    '--phase',
    '1',
    '--dry-run',
    '--config',
    'tenant.yaml',
    '--state-dir',
    'state',
  ];

  it.each([
    ['approvals file of 10 MB', ['--approvals', 'approvals-ten-mb.yaml'], /limit is 1048576/],
    ['approvals with wrong types', ['--approvals', 'approvals-wrong-type.yaml'], /approvals\.0\.approver/],
    ['input of the wrong type', ['--set', 'deviceGroups='], /deviceGroups/],
    ['window that is not an interval', ['--window', '2026-13-40T25:00Z'], /--window/],
  ])('%s', async (_name, extra, says) => {
    const run = await runCli([...tenantRun, ...extra], { cwd, env });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(says);
    expect(tripwire.hits).toEqual([]);
  });

  it('control: the same config with good input does reach the tripwire', async () => {
    const run = await runCli(tenantRun, { cwd, env });
    expect(run.code).toBe(1);
    expect(tripwire.hits.length).toBeGreaterThan(0);
    expect(run.stdout + run.stderr).not.toContain(env.SOP_INTEGRATE_CLIENT_SECRET);
  });
});
