// Usage errors exit 2 with a clear message and call nothing; help and version exit 0.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.ts';

// No tenant config and no --sandbox: if anything tried to reach a service it would fail
// differently (exit 1 or a network error), so exit 2 here also proves nothing was called.
const noTenant = {
  SOP_INTEGRATE_TENANT_ID: undefined,
  AZURE_TENANT_ID: undefined,
  SOP_INTEGRATE_CLIENT_SECRET: undefined,
};

describe('CLI usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown flag', ['proofpoint', '--phase', '2', '--frobnicate'], /unknown option '--frobnicate'/],
    ['missing --phase', ['proofpoint'], /required option '--phase <n>' not specified/],
    ['phase not a number', ['proofpoint', '--phase', 'two'], /the phase is a whole number/],
    ['phase zero', ['proofpoint', '--phase', '0'], /the phase is a whole number/],
    ['unknown phase', ['proofpoint', '--phase', '9', '--sandbox'], /proofpoint has no phase 9/],
    ['bad output format', ['list', '--output', 'xml'], /Allowed choices are text, json/],
    ['missing option value', ['proofpoint', '--phase'], /argument missing/],
    ['bad --set', ['proofpoint', '--phase', '2', '--set', 'domains'], /expected key=value/],
    [
      'unknown --set input',
      ['proofpoint', '--phase', '2', '--sandbox', '--set', 'nope=1'],
      /declares no input "nope"/,
    ],
    [
      'bad input value',
      ['proofpoint', '--phase', '2', '--sandbox', '--set', 'domains=not a domain'],
      /domains/,
    ],
    ['unknown command', ['proofpont', '--phase', '2'], /unknown command 'proofpont'/],
    ['no tenant configured', ['doctor', 'proofpoint', '--phase', '2'], /tenantId is not set/],
    ['not a run id', ['resume', 'yesterday'], /"yesterday" is not a run id/],
    [
      'missing approvals file',
      ['proofpoint', '--phase', '2', '--sandbox', '--approvals', 'nope.yaml'],
      /approvals file nope.yaml cannot be read/,
    ],
    ['bad port', ['sandbox', 'start', '--port', '99999'], /between 1 and 65535/],
    [
      'sandbox-only flag without --sandbox',
      ['proofpoint', '--phase', '2', '--sandbox-dns', 'route53', '--sandbox-mx-ttl', '5'],
      /--sandbox-mx-ttl, --sandbox-dns only work with --sandbox/,
    ],
    [
      'unknown sandbox DNS provider',
      ['proofpoint', '--phase', '2', '--sandbox', '--sandbox-dns', 'godaddy'],
      /Allowed choices are cloudflare, azure, route53/,
    ],
  ];
  it.each(cases)('%s exits 2', async (_name, args, message) => {
    const result = await runCli(args, { env: noTenant });
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
  });

  it('refuses a config whose DNS provider lacks its settings, and AWS keys given by half', async () => {
    const cwd = tempDir();
    const config = path.join(cwd, 'sop-integrate.config.yaml');
    writeFileSync(config, 'tenantId: 3f0e2b8c-4d1a-4b6e-9c7f-2a5d8e1b9c40\ndns:\n  provider: azure\n');
    const azure = await runCli(['proofpoint', '--phase', '2', '--dry-run', '--config', config], {
      cwd,
      env: noTenant,
    });
    expect(azure.code).toBe(2);
    expect(azure.stderr).toMatch(/dns\.azure/);
    expect(azure.stderr).toMatch(/subscriptionId, resourceGroup/);
    writeFileSync(config, 'tenantId: 3f0e2b8c-4d1a-4b6e-9c7f-2a5d8e1b9c40\ndns:\n  provider: route53\n');
    const half = await runCli(['proofpoint', '--phase', '2', '--dry-run', '--config', config], {
      cwd,
      env: { ...noTenant, SOP_INTEGRATE_DNS_AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE7' },
    });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/SOP_INTEGRATE_DNS_AWS_SECRET_ACCESS_KEY is not set/);
  });

  it('reports a malformed config file at file:line:col and exits 2', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'sop-integrate.config.yaml'), 'tenantId: 1234\nsecretstore: {}\n');
    const result = await runCli(['proofpoint', '--phase', '2', '--dry-run'], { cwd: dir, env: noTenant });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/sop-integrate\.config\.yaml:1:\d+: tenantId/);
    expect(result.stderr).toMatch(/unknown: secretstore/);
  });

  it('reports a malformed approvals file and exits 2', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'approvals.yaml'), 'approvals:\n  - gate: x\n    planHash: abc\n');
    const result = await runCli(
      ['proofpoint', '--phase', '2', '--sandbox', '--approvals', 'approvals.yaml'],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/approvals file approvals.yaml is malformed/);
    expect(result.stderr).toMatch(/planHash/);
  });

  it('prints JSON errors with --output json', async () => {
    const result = await runCli(['proofpoint', '--phase', '9', '--sandbox', '--output', 'json']);
    expect(result.code).toBe(2);
    const event = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      type: string;
      code: string;
    };
    expect(event).toMatchObject({ type: 'error', code: 'INPUT_INVALID' });
  });
});

describe('CLI help', () => {
  it('prints --version and exits 0', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  const commands = [
    'proofpoint',
    'ninjaone',
    'list',
    'validate',
    'plan',
    'apply',
    'runs',
    'show',
    'resume',
    'rollback',
    'approve',
    'unlock',
  ];
  it.each(commands)('%s --help has examples', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples:\n {2}\$ sop-integrate/);
  });

  it('--help loads no adapter, SDK, engine, sandbox or runbook YAML', async () => {
    const trace = path.join(import.meta.dirname, 'fixtures', 'trace-imports.mjs');
    const result = await runCli(['--help'], { nodeArgs: ['--import', trace] });
    expect(result.code).toBe(0);
    const loaded = result.stderr.split('\n').filter((line) => line.startsWith('TRACE-IMPORT '));
    expect(loaded.some((line) => line.includes('/dist/cli/main.js'))).toBe(true);
    const forbidden =
      /\/dist\/(services|core|engine|sandbox|runbook|steps|journal)\/|@azure|microsoft-graph-client|axios|\/yaml\/|zod|inquirer|\.yaml$/;
    expect(loaded.filter((line) => forbidden.test(line))).toEqual([]);
  });
});
