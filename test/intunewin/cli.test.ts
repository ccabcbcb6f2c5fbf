// `sop-integrate intunewin pack|unpack` through the built CLI.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../cli/run-cli.ts';

describe('sop-integrate intunewin', () => {
  it('packs, unpacks, and refuses a tampered package with exit 2', async () => {
    const cwd = tempDir('intunewin-cli-');
    await mkdir(path.join(cwd, 'agent', 'bin'), { recursive: true });
    await writeFile(path.join(cwd, 'agent', 'install.cmd'), 'msiexec /i agent.msi /qn\r\n');
    await writeFile(path.join(cwd, 'agent', 'bin', 'tool.dat'), 'x'.repeat(5000));

    const pack = await runCli(
      [
        'intunewin',
        'pack',
        'agent',
        '--setup',
        'install.cmd',
        '-o',
        'out/agent.intunewin',
        '--output',
        'json',
      ],
      { cwd },
    );
    expect(pack.stderr).toBe('');
    expect(pack.code).toBe(0);
    const summary = JSON.parse(pack.stdout) as {
      type: string;
      size: number;
      sizeEncrypted: number;
      setupFile: string;
    };
    expect(summary).toMatchObject({ type: 'intunewin-pack', setupFile: 'install.cmd' });
    expect(summary.sizeEncrypted).toBeGreaterThan(summary.size);

    const unpack = await runCli(['intunewin', 'unpack', 'out/agent.intunewin', '-o', 'unpacked'], { cwd });
    expect(unpack.code).toBe(0);
    expect(unpack.stdout).toMatch(/verified .*MAC, digest and sizes match/);
    expect(await readFile(path.join(cwd, 'unpacked', 'bin', 'tool.dat'), 'utf8')).toBe('x'.repeat(5000));

    const bytes = await readFile(path.join(cwd, 'out', 'agent.intunewin'));
    bytes[200] = (bytes[200] ?? 0) ^ 0xff; // inside the encrypted payload
    await writeFile(path.join(cwd, 'out', 'tampered.intunewin'), bytes);
    const refused = await runCli(['intunewin', 'unpack', 'out/tampered.intunewin', '-o', 'again'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/failed verification: the HMAC does not match/);
  });

  it('exits 2 with a clear message for a setup file outside the folder or a missing --setup', async () => {
    const cwd = tempDir('intunewin-cli-bad-');
    await mkdir(path.join(cwd, 'agent'));
    await writeFile(path.join(cwd, 'setup.exe'), 'MZ');
    const outside = await runCli(
      ['intunewin', 'pack', 'agent', '--setup', 'setup.exe', '-o', 'a.intunewin'],
      { cwd },
    );
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/outside the source folder/);
    const missing = await runCli(['intunewin', 'pack', 'agent', '-o', 'a.intunewin'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--setup/);
  });
});
