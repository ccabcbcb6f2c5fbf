// Config errors point at the config: a value written in the config file that a step cannot use
// (a sender range of 0.0.0.0/0, an MX host with a space, an MX host twice) is reported at the
// config file's line and column, never at the shipped runbook's `${inputs.x}` line, with exit 2
// before the sandbox starts. `--set` values are named as `--set name=...`; reserved names
// (`__proto__`, `constructor`, `prototype`) are refused like any undeclared input; approvals
// dated in the future or already expired are refused; a secret-looking `values:` entry gets a
// warning that never echoes the value. README's exit-2 promise says what is true.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from '../cli/run-cli.ts';

interface Case {
  name: string;
  /** The config file's lines, written as config.yaml. */
  config?: string[];
  args?: string[];
  says: RegExp;
  notSays?: RegExp;
}

const PLAN_HASH = 'a'.repeat(64);
const ips = (items: string[]): string[] => [
  'inputs:',
  '  proofpointSenderIps:',
  ...items.map((i) => `    - ${i}`),
];
const mx = (items: string[]): string[] => [
  'inputs:',
  '  proofpointMxHosts:',
  ...items.map((i) => `    - "${i}"`),
];
const runbookLine = /runbooks[/\\]proofpoint[/\\]phase-2\.yaml/;

const cases: Case[] = [
  {
    name: 'config: a sender range of 0.0.0.0/0',
    config: ips(['67.231.149.0/24', '0.0.0.0/0']),
    says: /config\.yaml:4:7: inputs\.proofpointSenderIps in \S*config\.yaml, item 2: 0\.0\.0\.0\/0 is wider than \/16/,
    notSays: runbookLine,
  },
  {
    name: 'config: a sender range of /8',
    config: ips(['10.0.0.0/8']),
    says: /config\.yaml:3:7: .*, item 1: 10\.0\.0\.0\/8 is wider than \/16/,
    notSays: runbookLine,
  },
  {
    name: 'config: an MX host with a space',
    config: mx(['mx1-us1.ppe-hosted.com', 'mx2 us1.ppe-hosted.com']),
    says: /config\.yaml:4:7: inputs\.proofpointMxHosts in \S*config\.yaml, item 2: must be a host name/,
    notSays: runbookLine,
  },
  {
    name: 'config: an MX host given as a map',
    config: ['inputs:', '  proofpointMxHosts:', '    - mx1-us1.ppe-hosted.com', '    - { host: x }'],
    says: /config\.yaml:4:7: .*proofpointMxHosts.*item 2/,
    notSays: runbookLine,
  },
  {
    name: 'config: duplicate MX hosts',
    config: mx(['mx1-us1.ppe-hosted.com', 'mx1-us1.ppe-hosted.com']),
    says: /config\.yaml:4:7: input "proofpointMxHosts" .*item 2: "mx1-us1\.ppe-hosted\.com" repeats item 1/,
  },
  {
    name: 'config: duplicate MX hosts differing in case and a final dot',
    config: mx(['mx1-us1.ppe-hosted.com', 'mx2-us1.ppe-hosted.com', 'MX1-US1.ppe-hosted.com.']),
    says: /config\.yaml:5:7: .*item 3: .* repeats item 1/,
  },
  {
    name: 'config: a domain listed twice (inline list)',
    config: ['inputs: { domains: [contoso.example, Contoso.Example] }'],
    says: /config\.yaml:1:38: .*"domains".*item 2: .*repeats item 1/,
  },
  {
    name: 'config: the same sender range written twice',
    config: ips(['67.231.149.0/24', '148.163.128.0/22', '67.231.149.0/24']),
    says: /config\.yaml:5:7: .*item 3: .*repeats item 1/,
  },
  {
    name: 'config: an input named __proto__',
    config: ['inputs:', '  __proto__:', '    domains: [evil.example]'],
    says: /config\.yaml:3:5: inputs\.__proto__: "__proto__" cannot be the name of an input/,
  },
  {
    name: 'config: a value named constructor',
    config: ['values:', '  constructor: x'],
    says: /config\.yaml:2:16: values\.constructor: "constructor" cannot be the name of a value/,
  },
  {
    name: '--set: a sender range of 0.0.0.0/0',
    args: ['--set', 'proofpointSenderIps=67.231.149.0/24,0.0.0.0/0'],
    says: /\(command line\): --set proofpointSenderIps=\S+, item 2: 0\.0\.0\.0\/0 is wider than \/16/,
    notSays: runbookLine,
  },
  {
    name: '--set: an MX host with a space',
    args: ['--set', 'proofpointMxHosts=mx1-us1.ppe-hosted.com,mx2 us1.ppe-hosted.com'],
    says: /\(command line\): --set proofpointMxHosts=.*, item 2: must be a host name/,
    notSays: runbookLine,
  },
  {
    name: '--set: duplicate MX hosts',
    args: ['--set', 'proofpointMxHosts=mx1-us1.ppe-hosted.com,mx1-us1.ppe-hosted.com'],
    says: /\(command line\): input "proofpointMxHosts" .*from --set proofpointMxHosts=.*repeats item 1/,
  },
  ...['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'].map((name) => ({
    name: `--set ${name}=x`,
    args: ['--set', `${name}=x`],
    says: new RegExp(`--set ${name}: this runbook declares no input "${name}"`),
  })),
  {
    name: 'approvals: dated in the future',
    args: ['--approvals', 'future.yaml'],
    says: /approvals file \S*future\.yaml has impossible times[\s\S]*approvals\.0\.approvedAt: 2099-01-01T00:00:00Z is in the future/,
  },
  {
    name: 'approvals: expiring before it was given',
    args: ['--approvals', 'backwards.yaml'],
    says: /approvals\.0\.expiresAt: 2026-01-01T00:00:00Z is not after approvedAt 2026-02-01T00:00:00Z/,
  },
  {
    name: 'approvals: approvedAt that is not a time',
    args: ['--approvals', 'not-a-time.yaml'],
    says: /approvals\.0\.approvedAt/,
  },
];

function approvals(fields: string): string {
  return [
    'kind: sop-integrate/approvals',
    'approvals:',
    `  - { gate: cto-change-approval, approver: Kim, role: CTO, evidence: { changeId: C-1 }, planHash: ${PLAN_HASH}, ${fields} }`,
  ].join('\n');
}

describe('config and input errors point at where the value was written, and call nothing', () => {
  const cwd = tempDir('sop-config-errors-');
  beforeAll(() => {
    writeFileSync(path.join(cwd, 'future.yaml'), approvals('approvedAt: 2099-01-01T00:00:00Z'));
    writeFileSync(
      path.join(cwd, 'backwards.yaml'),
      approvals('approvedAt: 2026-02-01T00:00:00Z, expiresAt: 2026-01-01T00:00:00Z'),
    );
    writeFileSync(path.join(cwd, 'not-a-time.yaml'), approvals('approvedAt: last tuesday'));
  });

  it.concurrent.each(cases)('$name', async ({ config, args = [], says, notSays }) => {
    const dir = tempDir('sop-config-errors-case-');
    const configArgs: string[] = [];
    if (config) {
      writeFileSync(path.join(dir, 'config.yaml'), `${config.join('\n')}\n`);
      configArgs.push('--config', path.join(dir, 'config.yaml'));
    }
    const run = await runCli(
      [
        'proofpoint',
        '--phase',
        '2',
        '--sandbox',
        '--dry-run',
        '--state-dir',
        path.join(dir, 'state'),
        ...configArgs,
        ...args,
      ],
      { cwd },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(says);
    if (notSays) expect(run.stderr).not.toMatch(notSays);
    expect(run.stderr).not.toMatch(/BUG|unexpected error|at .*\.js:\d+/);
    // Found before the sandbox starts: no state file, no request.
    expect(existsSync(path.join(dir, 'state', 'sandbox', 'state.json'))).toBe(false);
  });

  it('a secret-looking value under values: is warned about, naming the key and line, never the value', async () => {
    const dir = tempDir('sop-config-secret-');
    const secrets = {
      apiToken: 'tok-5512-very-private',
      adminPassword: 'hunter2-but-longer',
      jwtLooking: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    };
    writeFileSync(
      path.join(dir, 'config.yaml'),
      [
        'values:',
        ...Object.entries(secrets).map(([k, v]) => `  ${k}: ${v}`),
        '  siteName: Head Office',
        '',
      ].join('\n'),
    );
    // Stopped by a bad input right after the config is read: the warning comes first anyway.
    const run = await runCli(
      [
        'proofpoint',
        '--phase',
        '2',
        '--sandbox',
        '--dry-run',
        '--state-dir',
        path.join(dir, 'state'),
        '--config',
        'config.yaml',
        '--set',
        'nosuchinput=1',
      ],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/warning: config\.yaml:2:13: values\.apiToken looks like a secret/);
    expect(run.stderr).toMatch(/warning: config\.yaml:3:18: values\.adminPassword looks like a secret/);
    expect(run.stderr).toMatch(/warning: config\.yaml:4:15: values\.jwtLooking looks like a secret/);
    expect(run.stderr).not.toMatch(/siteName/);
    for (const value of Object.values(secrets)) expect(run.stdout + run.stderr).not.toContain(value);
  });

  it('approve --expires in the past is refused, naming the flag, and records nothing', async () => {
    const dir = tempDir('sop-config-expires-');
    const run = await runCli(
      [
        'approve',
        '20260101T000000Z-dead',
        '--gate',
        'cto-change-approval',
        '--as',
        'Kim',
        '--role',
        'CTO',
        '--expires',
        '2001-01-01T00:00:00Z',
        '--state-dir',
        path.join(dir, 'state'),
      ],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/--expires 2001-01-01T00:00:00Z is in the past/);
  });

  it('control: the same config values, when good, do plan against the sandbox', async () => {
    const dir = tempDir('sop-config-control-');
    writeFileSync(
      path.join(dir, 'config.yaml'),
      [
        ...mx(['mx1-us1.ppe-hosted.com', 'mx2-us1.ppe-hosted.com']),
        '  proofpointSenderIps: [67.231.149.0/24]',
        '',
      ].join('\n'),
    );
    const run = await runCli(
      [
        'proofpoint',
        '--phase',
        '2',
        '--sandbox',
        '--dry-run',
        '--state-dir',
        'state',
        '--config',
        'config.yaml',
      ],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'state', 'sandbox', 'state.json'))).toBe(true);
  });
});

describe("README's exit-2 promise is one the tool keeps", () => {
  it('exit 2 promises that nothing was changed, not that nothing was called', () => {
    // A value only the tenant can judge (a domain it does not own) is found by reading it.
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const row = readme.split('\n').find((line) => /^\| 2 +\|/.test(line)) ?? '';
    expect(row).toMatch(/nothing was changed/);
    expect(readme).not.toMatch(/nothing was called/);
    expect(readme).toMatch(/A value only the tenant can judge \(a domain it does not own/);
  });
});
