import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSandboxForeground } from '../../src/sandbox/cli-start.ts';
import { cliPath } from '../cli/run-cli.ts';
import { tokenFor } from './helpers.ts';

describe('runSandboxForeground', () => {
  it('prints the base URLs and the sandbox-only credentials that actually work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-sandbox-cli-'));
    const lines: string[] = [];
    const sandbox = await runSandboxForeground(
      {
        stateFile: join(dir, 'state.json'),
        latencyMs: 5,
        faults: [{ service: 'graph', kind: 'latency', ms: 1 }],
        seed: 2468,
      },
      (line) => lines.push(line),
    );
    try {
      const text = lines.join('\n');
      expect(text).toContain(sandbox.url);
      expect(text).toContain(`${sandbox.url}/graph/v1.0`);
      expect(text).toContain(sandbox.tenantId);
      expect(text).toContain(sandbox.credentials.clientId);
      expect(text).toMatch(
        new RegExp(
          `${sandbox.credentials.clientSecret.replace(/[.*+?^${}()|[\]\\~]/g, '\\$&')}.*sandbox-only`,
        ),
      );
      expect(text).toContain(`${sandbox.dns.nameserver.host}:${sandbox.dns.nameserver.port}`);
      expect(text).toContain(`subscription ${sandbox.dns.azure.subscriptionId}`);
      expect(text).toContain(
        `key ${sandbox.dns.route53.accessKeyId} / ${sandbox.dns.route53.secretAccessKey}`,
      );
      expect(text).toContain(sandbox.dns.cloudflareToken);
      expect(text).toContain(join(dir, 'state.json'));
      expect(text).toContain('+5 ms');
      expect(text).toContain('1 active');
      expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(text).toContain(`CA certificate  ${join(dir, 'tls', 'ca.pem')}`);
      expect(text).toContain(`NODE_EXTRA_CA_CERTS=${join(dir, 'tls', 'ca.pem')}`);
      expect(await tokenFor(sandbox)).toMatch(/^sbx\./);
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sop-integrate sandbox start (built CLI, child processes)', () => {
  it('prints an attach line that works when pasted: another process signs in with @azure/identity over the sandbox CA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-sandbox-attach-'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env))
      if (value !== undefined && key !== 'NODE_EXTRA_CA_CERTS' && !key.startsWith('SOP_INTEGRATE_'))
        env[key] = value;
    const server = spawn(
      process.execPath,
      [cliPath, 'sandbox', 'start', '--state', join(dir, 'state.json')],
      {
        cwd: dir,
        env: { ...env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      let err = '';
      server.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Press Ctrl+C')) resolve();
        });
        server.once('exit', (code) => reject(new Error(`sandbox start exited ${String(code)}: ${err}`)));
      });
      const lines = out.split('\n');
      const attach =
        lines[lines.findIndex((l) => l.startsWith('To run sop-integrate against it')) + 1]?.trim();
      expect(attach).toMatch(
        /^NODE_EXTRA_CA_CERTS=\S+ SOP_INTEGRATE_AUTHORITY_HOST=https:\/\/127\.0\.0\.1:\d+\/login /,
      );
      // Pasted in a shell, before a command: doctor signs in (MSAL over HTTPS, trusting the CA
      // from the file only) and reads the automation app's grants from Graph.
      const doctor = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          '/bin/sh',
          [
            '-c',
            `${attach ?? ''} "${process.execPath}" "${cliPath}" doctor --output json --state-dir ./state`,
          ],
          { cwd: dir, env: { ...env, CI: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      const report = doctor.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { type: string; checks?: Array<{ ok: boolean; what: string }> })
        .find((e) => e.type === 'doctor');
      expect(report, `${doctor.stdout}\n${doctor.stderr}`).toBeDefined();
      const tokenChecks = (report?.checks ?? []).filter((c) => c.what.startsWith('token for'));
      expect(tokenChecks.map((c) => c.what)).toEqual([
        'token for graph (https://graph.microsoft.com/.default)',
        'token for exchange (https://outlook.office365.com/.default)',
      ]);
      expect(tokenChecks.every((c) => c.ok)).toBe(true);

      // Without the CA the same line fails TLS verification: trust comes from the pasted line alone.
      const withoutCa = spawnSync(
        '/bin/sh',
        [
          '-c',
          `${(attach ?? '').replace(/^NODE_EXTRA_CA_CERTS=\S+ /, '')} "${process.execPath}" "${cliPath}" doctor --output json --state-dir ./state`,
        ],
        { cwd: dir, env: { ...env, CI: '1', NO_COLOR: '1' }, encoding: 'utf8' },
      );
      expect(withoutCa.stdout).toMatch(/"ok":false/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('close', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
