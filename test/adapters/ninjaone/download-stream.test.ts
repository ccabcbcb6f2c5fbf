// The installer download streams to disk while hashing: a large sandbox installer lands whole with
// the right sha256 (and the ninjaone.installer step's outputs and verify agree), a body cut off
// mid-way is retried into a fresh file, an empty body is refused, a disk failure is not retried,
// and a child process downloading 160 MiB stays well below that in memory.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../src/services/services.ts';
import { createNinjaOneClient, type NinjaOneClient } from '../../../src/services/ninjaone/client/index.ts';
import { ServiceError } from '../../../src/errors.ts';
import { readMsiInfo } from '../../../src/intunewin/index.ts';
import { Redactor } from '../../../src/redact.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.ts';
import { agentBuild } from '../../../src/services/ninjaone/emulator/installer.ts';
import type { StepContext } from '../../../src/steps/contract.ts';
import { ninjaOneInstallerStep } from '../../../src/services/ninjaone/steps/ninjaone-installer/index.ts';
import { fastPolicy } from '../support/sandbox-services.ts';

const SEED = 5309;
const MIB = 1024 * 1024;
// The sandbox's MSI writer keeps its FAT in the header (about 6.8 MiB at most): 6 MiB of filler is
// 128 times the default installer; the 160 MiB case below is served by a plain streaming server.
const LARGE_PAYLOAD = 6 * MIB;
let sb: Sandbox;
let client: NinjaOneClient;
const redactor = new Redactor();

/** A file server whose answers the test scripts, one per request. */
let server: Server;
let serverUrl: string;
let answers: ((res: ServerResponse) => void)[] = [];
let served = 0;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'ninja-stream-'));
/** Every file under `dir`, relative, so a leftover `.part` shows. */
const filesIn = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

beforeAll(async () => {
  sb = await startSandbox({ seed: SEED });
  sb.ninjaone.setInstallerPayloadBytes(LARGE_PAYLOAD);
  client = createNinjaOneClient({
    region: sb.ninjaone.baseUrl,
    clientId: sb.ninjaone.clientId,
    clientSecret: sb.ninjaone.clientSecret,
    policy: fastPolicy({ timeoutMs: 30_000 }),
    redactor,
  });
  server = createServer((_req, res) => {
    served++;
    const answer = answers.shift();
    if (answer) answer(res);
    else res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sb.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('NinjaOne installer download, streamed', () => {
  it('writes a large sandbox installer whole, with its sha256, and the step verifies it', async () => {
    const dir = tempDir();
    const url = await client.installerLink(41, 7);
    const file = await client.downloadInstaller(url, dir, 'NinjaOneAgent-x86.msi');
    const expected = agentBuild(SEED, '5.9.9352', LARGE_PAYLOAD).bytes;
    expect(file.size).toBe(expected.length);
    expect(file.size).toBeGreaterThan(LARGE_PAYLOAD);
    expect(file.sha256).toBe(sha256(expected));
    expect(sha256(readFileSync(file.path))).toBe(file.sha256);
    expect(file.path).toBe(path.join(dir, file.sha256.slice(0, 16), 'NinjaOneAgent-x86.msi'));
    expect(filesIn(dir)).toEqual([path.join(file.sha256.slice(0, 16), 'NinjaOneAgent-x86.msi')]);
    expect((await readMsiInfo(file.path)).productVersion).toBe('5.9.9352');

    const ctx = {
      tenantId: sb.tenantId,
      services: { ninjaone: async () => client } as unknown as Services,
      log: { info: () => {}, progress: () => {}, warn: () => {} },
    } as unknown as StepContext;
    const params = ninjaOneInstallerStep.params.parse({
      organization: 'Contoso Ltd',
      location: 'Head Office',
      downloadDir: tempDir(),
    });
    const plan = await ninjaOneInstallerStep.plan(ctx, params);
    expect(plan.knownOutputs).toMatchObject({ sha256: file.sha256, size: file.size });
    const verified = await ninjaOneInstallerStep.verify(ctx, params, plan.knownOutputs!);
    expect(verified.ok).toBe(true);
    writeFileSync(plan.knownOutputs?.path as string, 'tampered');
    expect((await ninjaOneInstallerStep.verify(ctx, params, plan.knownOutputs!)).ok).toBe(false);
  });

  it('retries a body cut off mid-way into a fresh file, leaving no partial file', async () => {
    const bytes = Buffer.alloc(3 * MIB, 7);
    bytes.write('second attempt is whole', 0);
    answers = [
      (res) => {
        res.writeHead(200, { 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, MIB), () => res.socket?.resetAndDestroy());
      },
      (res) => res.writeHead(200, { 'content-length': String(bytes.length) }).end(bytes),
    ];
    served = 0;
    const dir = tempDir();
    const file = await client.downloadInstaller(`${serverUrl}/agent.msi`, dir, 'NinjaOneAgent-x86.msi');
    expect(served).toBe(2);
    expect(file).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });
    expect(filesIn(dir)).toEqual([path.join(file.sha256.slice(0, 16), 'NinjaOneAgent-x86.msi')]);
  });

  it('refuses an empty download as before and leaves nothing behind', async () => {
    answers = [(res) => res.writeHead(200, { 'content-length': '0' }).end()];
    const dir = tempDir();
    const error = await client
      .downloadInstaller(`${serverUrl}/agent.msi`, dir, 'NinjaOneAgent-x86.msi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ kind: 'not-found', message: 'The installer download was empty' });
    expect(filesIn(dir)).toEqual([]);
  });

  it('passes a disk failure on at once instead of retrying it as a network failure', async () => {
    answers = [(res) => res.writeHead(200).end(Buffer.alloc(1024, 1)), (res) => res.writeHead(200).end()];
    served = 0;
    const notADir = path.join(tempDir(), 'a-file');
    writeFileSync(notADir, '');
    const error = await client
      .downloadInstaller(`${serverUrl}/agent.msi`, path.join(notADir, 'cache'), 'NinjaOneAgent-x86.msi')
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'ENOTDIR' });
    expect(served).toBe(1);
    answers = [];
  });

  it(
    'keeps memory well below the installer size (160 MiB in a child process)',
    { timeout: 60_000 },
    async () => {
      const size = 160 * MIB;
      const block = Buffer.alloc(MIB);
      for (let i = 0; i < block.length; i += 32)
        createHash('sha256').update(String(i)).digest().copy(block, i);
      const whole = createHash('sha256');
      for (let i = 0; i < size / MIB; i++) whole.update(block);
      answers = [
        (res) => {
          res.writeHead(200, { 'content-length': String(size) });
          let sent = 0;
          const pump = () => {
            while (sent < size) {
              sent += MIB;
              if (!res.write(block)) return void res.once('drain', pump);
            }
            res.end();
          };
          pump();
        },
      ];
      const dir = tempDir();
      const probe = path.join(import.meta.dirname, 'fixtures', 'download-memory-probe.ts');
      // The child downloads while this process serves: run it asynchronously.
      // The child downloads while this process serves, so it runs asynchronously.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          ...['--experimental-transform-types', '--no-warnings', '--expose-gc', probe],
          // Another origin than the API's, so no token is asked for: the link is a CDN's.
          ...['http://localhost:9', `${serverUrl}/big.msi`, dir],
        ],
        { encoding: 'utf8', maxBuffer: MIB },
      );
      const result = JSON.parse(stdout) as { baseline: number; peak: number; size: number; sha256: string };
      expect(result.size).toBe(size);
      expect(result.sha256).toBe(whole.digest('hex'));
      // Streaming measures ~50 MiB here (buffers, lazy GC); holding the body whole, over 800 MiB.
      expect(result.peak - result.baseline).toBeLessThan(100 * MIB);
    },
  );
});
