// The sandbox's HTTPS: a CA per state folder, cached there (key 0600), reused by the next start,
// and a server certificate for loopback that verifies against that CA alone.
import { X509Certificate } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.ts';

function handshake(url: string, ca: string | undefined): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      `${url}/_sandbox/faults`,
      { ...(ca === undefined ? {} : { ca }), agent: false },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

describe('sandbox TLS', () => {
  it('makes a CA per state folder, keeps its key 0600, and reuses it on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-sandbox-tls-'));
    try {
      const first = await startSandbox({ stateFile: join(dir, 'state.json'), trustInProcess: false });
      const caPem = first.caCertificate;
      expect(first.caCertPath).toBe(join(dir, 'tls', 'ca.pem'));
      expect(statSync(join(dir, 'tls', 'ca.key')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'tls', 'server.key')).mode & 0o777).toBe(0o600);
      const ca = new X509Certificate(caPem);
      expect(ca.ca).toBe(true);
      // Only a client given the CA gets through; the default trust store does not know it.
      expect(await handshake(first.url, caPem)).toBe(200);
      await first.close();

      const second = await startSandbox({ stateFile: join(dir, 'state.json'), trustInProcess: false });
      expect(second.caCertificate).toBe(caPem);
      expect(await handshake(second.url, caPem)).toBe(200);
      expect(await handshake(second.url, undefined)).not.toBe(200);
      await second.close();

      // Two processes starting on a new state folder at once end up with one complete set.
      const racing = join(dir, 'racing');
      const script = `import { sandboxTls } from ${JSON.stringify(new URL('../../src/sandbox/http/tls.ts', import.meta.url).pathname)}; process.stdout.write(sandboxTls(${JSON.stringify(racing)}).caPem);`;
      const run = () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, [
            '--experimental-transform-types',
            '--no-warnings',
            '--input-type=module',
            '-e',
            script,
          ]);
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
        });
      const [a, b] = await Promise.all([run(), run()]);
      const onDisk = readFileSync(join(racing, 'tls', 'ca.pem'), 'utf8');
      expect([a, b]).toContain(onDisk);
      const third = await startSandbox({ stateFile: join(racing, 'state.json'), trustInProcess: false });
      expect(third.caCertificate).toBe(onDisk);
      await third.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
