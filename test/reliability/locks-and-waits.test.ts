// Locks, waits and timeouts (issue 12 §7), against the built CLI and the sandbox:
// - a lock whose pid now belongs to an unrelated process: plain `unlock` refuses and explains,
//   `unlock --force` breaks it; a lock that recorded its holder's start time is recognised as
//   stale by itself; hostile lock files never crash, hang or pass for a live holder;
// - a Retry-After past the cap stops the run (exit 1) with the time to resume, and `resume`
//   finishes once the service answers; during planning it says when to run again;
// - a slow or silent service prints "still waiting" lines on stderr (never stdout, never a token),
//   with the timeout and the threshold set from the environment; bad values are exit 2.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobLeaseLockStore } from '../../src/engine/lock-blob.ts';
import { acquireLock } from '../../src/engine/lock.ts';
import { BlobContainer } from '../../src/journal/azure-blob/container.ts';
import { parseJournalLocation } from '../../src/journal/azure-blob/location.ts';
import { Redactor } from '../../src/redact.ts';
import { runCli, tempDir, type CliResult } from '../cli/run-cli.ts';
import { withSandboxState } from '../e2e/sandbox-state.ts';
import { AZURITE_ACCOUNT, startAzurite } from '../journal/azure-blob-azurite.ts';
import { seededStateDir } from './support/clean-run.ts';
import { expectNoSecrets } from './support/no-secrets.ts';

const INTEGRATION = 'ninjaone';
const run = (stateDir: string, ...extra: string[]) => [
  INTEGRATION,
  '--phase',
  '1',
  '--sandbox',
  '--state-dir',
  stateDir,
  ...extra,
];

const sleepers: ChildProcess[] = [];
afterAll(() => {
  for (const child of sleepers) child.kill();
});

/** A live process that is not sop-integrate: what a reused pid looks like. */
function unrelatedProcess(): number {
  const child = spawn('sleep', ['120'], { stdio: 'ignore' });
  sleepers.push(child);
  if (child.pid === undefined) throw new Error('could not start sleep');
  return child.pid;
}

async function sandboxDir(prefix: string) {
  const { cwd, stateDir } = await seededStateDir(prefix);
  const tenant = await withSandboxState(stateDir, (sb) => sb.tenantId);
  const lockFile = path.join(stateDir, 'locks', `${tenant}--${INTEGRATION}.lock`);
  mkdirSync(path.dirname(lockFile), { recursive: true });
  return { cwd, stateDir, tenant, lockFile };
}

/** For `unlock` alone: it reads only the state dir, so no sandbox is needed. */
const TENANT = 'c0ffee00-5eed-4a11-9c3e-2f6a8e0d1b44';
function lockDir(prefix: string) {
  const cwd = tempDir(prefix);
  const stateDir = path.join(cwd, 'state');
  const lockFile = path.join(stateDir, 'locks', `${TENANT}--${INTEGRATION}.lock`);
  mkdirSync(path.dirname(lockFile), { recursive: true });
  return { cwd, stateDir, tenant: TENANT, lockFile };
}

function holder(pid: number, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    runId: '20261202T170000Z-gone',
    pid,
    host: hostname(),
    startedAt: '2026-12-02T17:00:00Z',
    ...extra,
  });
}

function expectNoCrash(result: CliResult): void {
  expect(result.code, result.stderr).not.toBe(70);
  expect(result.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/); // no stack trace
}

const linux = existsSync('/proc/self/stat');

describe('locks: a pid that is alive is not always the holder (unlock only)', () => {
  it.runIf(linux)(
    'a lock that recorded its holder start time is stale once the pid belongs to another process: plain unlock breaks it',
    async () => {
      const { cwd, stateDir, tenant, lockFile } = lockDir('sop-lock-started-');
      const pid = unrelatedProcess();
      writeFileSync(lockFile, holder(pid, { pidStart: '00000000-0000-0000-0000-000000000000:1' }));
      const plain = await runCli(['unlock', tenant, INTEGRATION, '--state-dir', stateDir], { cwd });
      expect(plain.code, plain.stderr).toBe(0);
      expect(plain.stdout).toContain(`It was stale: pid ${pid} now belongs to another process (sleep)`);
      expect(existsSync(lockFile)).toBe(false);
    },
    60_000,
  );

  it.runIf(linux)(
    'the holder really alive (its start time matches): plain unlock refuses, --force warns and breaks it',
    async () => {
      const { cwd, stateDir, tenant, lockFile } = lockDir('sop-lock-live-');
      const pid = unrelatedProcess();
      // Taken the way a run takes it, for that pid: the lock records the process's start time.
      await acquireLock(stateDir, tenant, INTEGRATION, {
        runId: '20261202T170000Z-live',
        pid,
        host: hostname(),
        startedAt: '2026-12-02T17:00:00Z',
      });
      expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toHaveProperty('pidStart');
      const plain = await runCli(['unlock', tenant, INTEGRATION, '--state-dir', stateDir], { cwd });
      expect(plain.code, plain.stderr).toBe(5);
      expect(plain.stderr).toContain('is still running');
      expect(plain.stderr).toContain(`kill ${pid}`);
      const forced = await runCli(['unlock', tenant, INTEGRATION, '--state-dir', stateDir, '--force'], {
        cwd,
      });
      expect(forced.code, forced.stderr).toBe(0);
      expect(forced.stderr).toContain(`pid ${pid} (sleep) was alive`);
      expect(existsSync(lockFile)).toBe(false);
    },
    60_000,
  );

  const hostile: Record<string, string> = {
    'pid 0 (the process group)': holder(0),
    'pid -1 (every process)': holder(-1),
    'pid as a string': holder(1).replace('"pid":1', '"pid":"1"'),
    'JSON null': 'null',
    'a JSON array': '[1,2]',
    'an empty object': '{}',
    'truncated JSON': holder(1).slice(0, 20),
    'a 100 kB file': `{"runId":"${'x'.repeat(100_000)}"}`,
  };
  it.each(Object.entries(hostile))(
    'a hostile lock file (%s) is stale: plain unlock breaks it without a crash',
    async (_name, content) => {
      const { cwd, stateDir, tenant, lockFile } = lockDir('sop-lock-hostile-');
      writeFileSync(lockFile, content);
      const plain = await runCli(['unlock', tenant, INTEGRATION, '--state-dir', stateDir], { cwd });
      expectNoCrash(plain);
      expect(plain.code, plain.stderr).toBe(0);
      expect(plain.stdout).toContain('It was stale: the lock file');
      expect(existsSync(lockFile)).toBe(false);
    },
    60_000,
  );

  it('control characters in a lock file never reach the terminal', async () => {
    const { cwd, stateDir, tenant, lockFile } = lockDir('sop-lock-escape-');
    writeFileSync(lockFile, holder(unrelatedProcess(), { runId: 'evil\u001b]0;pwned\u0007\u001b[2J' }));
    const plain = await runCli(['unlock', tenant, INTEGRATION, '--state-dir', stateDir], { cwd });
    expect(plain.code, plain.stderr).toBe(5);
    expect(plain.stderr).not.toContain('\u001b');
    expect(plain.stderr).toContain('evil?]0;pwned??[2J');
  }, 60_000);

  it('a lock path that is a directory or a FIFO: exit 2 naming it, no hang, no crash', async () => {
    const { cwd, stateDir, tenant, lockFile } = lockDir('sop-lock-odd-');
    mkdirSync(lockFile);
    const dir = await runCli(['unlock', tenant, INTEGRATION, '--state-dir', stateDir], { cwd });
    expectNoCrash(dir);
    expect(dir.code, dir.stderr).toBe(2);
    expect(dir.stderr).toContain(`${lockFile} is not a plain file`);

    const fifo = lockFile.replace(tenant, `${tenant}-fifo`);
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo here
    const onFifo = await runCli(['unlock', `${tenant}-fifo`, INTEGRATION, '--state-dir', stateDir], { cwd });
    expectNoCrash(onFifo);
    expect(onFifo.code, onFifo.stderr).toBe(2);
    expect(onFifo.stderr).toContain('is not a plain file');
  }, 60_000);
});

function isoNear(text: string, expectedMs: number, slackMs: number): string {
  const iso = /after (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)/.exec(text)?.[1] ?? /until (\S+Z)/.exec(text)?.[1];
  expect(iso, text).toBeDefined();
  expect(Math.abs(Date.parse(iso!) - expectedMs)).toBeLessThan(slackMs);
  return iso!;
}

// The runs against the sandbox, two at a time (the machine may be shared).
describe.concurrent('runs: a reused pid, slow services', () => {
  it('a lock naming a live, unrelated pid: the run and plain unlock refuse and explain, --force breaks it, the next run proceeds', async () => {
    const { cwd, stateDir, tenant, lockFile } = await sandboxDir('sop-lock-reused-');
    const pid = unrelatedProcess();
    // As a lock written without the holder's start time (older versions, or no /proc) looks.
    writeFileSync(lockFile, holder(pid));

    const refused = await runCli(run(stateDir, '--output', 'json'), { cwd });
    expect(refused.code, refused.stderr).toBe(5);
    expect(refused.stdout).toContain('REFUSED_LOCKED');
    expect(refused.stdout).toContain(`unlock ${tenant} ${INTEGRATION} --force`);

    const plain = await runCli(['unlock', tenant, INTEGRATION, '--state-dir', stateDir], { cwd });
    expect(plain.code, plain.stderr).toBe(5);
    expect(plain.stderr).toContain(`pid ${pid} is alive`);
    if (linux) expect(plain.stderr).toContain('(sleep)');
    expect(plain.stderr).toContain(`ps -p ${pid}`);
    expect(plain.stderr).toContain('--force');
    expect(plain.stderr).toContain('two runs change the same tenant');
    expect(existsSync(lockFile)).toBe(true);

    const forced = await runCli(['unlock', tenant, INTEGRATION, '--state-dir', stateDir, '--force'], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('Broke the lock of run 20261202T170000Z-gone');
    expect(forced.stderr).toContain('warning: forced');
    expect(existsSync(lockFile)).toBe(false);

    const next = await runCli(run(stateDir), { cwd });
    expect(next.code, next.stderr).toBe(0);
    expect(existsSync(lockFile)).toBe(false); // released again
  }, 300_000);

  it('a slow answer and a silent one: "still waiting" lines with the configured timeout, stdout stays JSON, no token', async () => {
    const { cwd, stateDir } = await seededStateDir('sop-slow-');
    const faults = [
      'kind=latency,ms=2500,service=graph,method=GET,path=/groups,times=1',
      'kind=timeout,service=graph,method=GET,path=/mobileAppCategories,times=1',
      // NinjaOne's installer link carries a token in its path: it must not be printed.
      'kind=latency,ms=2500,service=ninjaone,method=GET,path=/ws/api/v2/installer/,times=1',
    ];
    const result = await runCli(
      run(stateDir, '--output', 'json', ...faults.flatMap((f) => ['--sandbox-fault', f])),
      {
        cwd,
        env: { SOP_INTEGRATE_HTTP_TIMEOUT_SECONDS: '10', SOP_INTEGRATE_PROGRESS_AFTER_SECONDS: '1' },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/still waiting for graph GET \/graph\/v1\.0\/groups \(\d+ s of 10 s\)/);
    expect(result.stderr).toMatch(
      /still waiting for graph GET \/graph\/v1\.0\/deviceAppManagement\/mobileAppCategories \(\d+ s of 10 s\)/,
    );
    expect(result.stderr).toMatch(/graph \S+: no answer in time; trying again/);
    expect(result.stderr).toMatch(
      /still waiting for ninjaone GET \/ninjaone\/ws\/api\/v2\/installer\/\[token\]\//,
    );
    for (const line of result.stdout.split('\n').filter(Boolean))
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(result.stdout).not.toContain('still waiting');
    await expectNoSecrets(stateDir, { stdout: result.stdout, stderr: result.stderr });
  }, 300_000);
});

describe.concurrent('runs: a Retry-After past the cap', () => {
  it('3600 s on a write: exit 1 with "resume after <time>: sop-integrate resume <run>", journaled; resume finishes once the service answers', async () => {
    const { cwd, stateDir } = await seededStateDir('sop-retry-after-');
    const fault =
      'kind=status,status=429,retryAfterSeconds=3600,service=graph,method=POST,path=/assignments,times=1';
    const started = Date.now();
    const first = await runCli(run(stateDir, '--output', 'json', '--sandbox-fault', fault), { cwd });
    const ended = Date.now();
    expectNoCrash(first);
    expect(first.code, first.stderr).toBe(1);
    const runId = /"runId":"([^"]+)"/.exec(first.stdout)?.[1] ?? '';
    expect(runId).not.toBe('');
    const error = first.stdout
      .split('\n')
      .filter((line) => line.includes('"type":"error"'))
      .map((line) => JSON.parse(line) as { code: string; hint: string; message: string })[0];
    expect(error?.code).toBe('STEP_FAILED');
    expect(error?.hint).toContain(`: sop-integrate resume ${runId}`);
    // The time the service named: an hour after the answer, not the cap and not "later".
    const iso = isoNear(error!.hint, (started + ended) / 2 + 3600_000, (ended - started) / 2 + 5000);
    expect(error?.hint).toContain(`resume after ${iso}: sop-integrate resume ${runId}`);
    expect(first.stderr).toContain(`resume after ${iso}`);
    // Journaled: the failed step's record carries the time too.
    const journal = readdirSync(path.join(stateDir, 'runs'))
      .map((f) => readFileSync(path.join(stateDir, 'runs', f), 'utf8'))
      .join('\n');
    expect(journal).toMatch(new RegExp(`"type":"step.failed".*${iso.replace(/[.]/g, '\\.')}`));

    const resumed = await runCli(['resume', runId, '--sandbox', '--state-dir', stateDir], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`Run ${runId} succeeded`);
    await expectNoSecrets(stateDir, {
      'first stdout': first.stdout,
      'first stderr': first.stderr,
      'resume stdout': resumed.stdout,
      'resume stderr': resumed.stderr,
    });
  }, 300_000);

  it('an absurd Retry-After while planning: exit 1, nothing journaled, a printable time to run again (at most a year)', async () => {
    const { cwd, stateDir } = await seededStateDir('sop-retry-after-plan-');
    const fault = 'kind=status,status=429,retryAfterSeconds=1e20,service=graph,method=GET,path=/groups';
    const first = await runCli(run(stateDir, '--sandbox-fault', fault), { cwd });
    expectNoCrash(first);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).not.toContain('Invalid');
    isoNear(first.stderr, Date.now() + 365 * 24 * 3600_000, 300_000);
    expect(first.stderr).toContain('try again after then');
    expect(existsSync(path.join(stateDir, 'runs')) ? readdirSync(path.join(stateDir, 'runs')) : []).toEqual(
      [],
    );
  }, 300_000);
});

describe('locks on the shared journal (Azure Blob lease, Azurite) follow the same rules', () => {
  it.runIf(linux)(
    'a lease naming a reused pid is stale (plain unlock breaks it); a live holder needs --force',
    async () => {
      const azurite = await startAzurite();
      try {
        const location = `azblob://${AZURITE_ACCOUNT}/locks-and-waits`;
        const store = new BlobLeaseLockStore(
          new BlobContainer({
            location: parseJournalLocation(location, azurite.connectionString),
            redactor: new Redactor(),
          }),
        );
        const unlock = (...extra: string[]) =>
          runCli(['unlock', TENANT, INTEGRATION, '--journal', location, ...extra], {
            env: { SOP_INTEGRATE_JOURNAL_CONNECTION_STRING: azurite.connectionString },
          });
        const pid = unrelatedProcess();
        const base = { pid, host: hostname(), startedAt: '2026-12-02T17:00:00Z' };

        await store.acquire(TENANT, INTEGRATION, {
          ...base,
          runId: '20261202T170000Z-reused',
          pidStart: '00000000-0000-0000-0000-000000000000:1',
        });
        const stale = await unlock();
        expect(stale.code, stale.stderr).toBe(0);
        expect(stale.stdout).toContain(`It was stale: pid ${pid} now belongs to another process (sleep)`);
        expect(await store.read(TENANT, INTEGRATION)).toBeUndefined();

        await store.acquire(TENANT, INTEGRATION, { ...base, runId: '20261202T170000Z-live' });
        const plain = await unlock();
        expect(plain.code, plain.stderr).toBe(5);
        expect(plain.stderr).toContain('is still running');
        const forced = await unlock('--force');
        expect(forced.code, forced.stderr).toBe(0);
        expect(forced.stderr).toContain('warning: forced');
        expect(await store.read(TENANT, INTEGRATION)).toBeUndefined();
      } finally {
        azurite.stop();
      }
    },
    120_000,
  );
});

describe('wait settings from the environment', () => {
  const badValues: [string, string][] = [
    ['SOP_INTEGRATE_HTTP_TIMEOUT_SECONDS', 'abc'],
    ['SOP_INTEGRATE_HTTP_TIMEOUT_SECONDS', '0'],
    ['SOP_INTEGRATE_HTTP_TIMEOUT_SECONDS', '1e9'],
    ['SOP_INTEGRATE_PROGRESS_AFTER_SECONDS', '-5'],
    ['SOP_INTEGRATE_PROGRESS_AFTER_SECONDS', '99999999'],
  ];
  it.each(badValues)(
    '%s=%s: exit 2 naming the variable, nothing called',
    async (name, value) => {
      const cwd = tempDir('sop-wait-env-');
      const result = await runCli(run(path.join(cwd, 'state'), '--dry-run'), { cwd, env: { [name]: value } });
      expectNoCrash(result);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(name);
    },
    60_000,
  );
});
