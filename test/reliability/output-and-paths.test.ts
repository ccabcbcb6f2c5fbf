// Output and I/O (issue 12, section 5). The built CLI in child processes, against the sandbox:
// - a reader that goes away (`| head -3`, `| head -0`) ends output quietly: no stack trace; a
//   run stops at its next safe point, releases its lock and journals that the output pipe closed;
// - report paths and the state dir are checked before anything runs: exit 2 naming the flag, no
//   state created, no request to a (tripwire) tenant; /proc/nope no longer hangs;
// - a report that cannot be written after the run is a warning and exit 7, not a crash (70).
// Every case is independent and runs concurrently (the run sequence is one case).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../cli/run-cli.ts';
import { runCliChild } from './support/closing-reader.ts';
import { startTripwire, type Tripwire } from './support/tripwire.ts';

/** A sandbox apply takes ~7 s alone on 2 cores; much longer while other suites share them. */
const runTimeoutMs = 150_000;

/** What a crash looks like on stderr: a stack frame, Node's unhandled 'error' banner, our BUG block. */
const crashed = /\n\s+at .*:\d+|Unhandled 'error'|node:events|error \[BUG\]/;

interface JournalLine {
  type: string;
  outcome?: string;
  reason?: string;
}

function journalOf(stateDir: string, runId: string): JournalLine[] {
  const text = readFileSync(path.join(stateDir, 'runs', `${runId}.jsonl`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JournalLine);
}

async function runsIn(stateDir: string, cwd: string): Promise<{ runId: string; status: string }[]> {
  const listed = await runCliChild(['runs', '--state-dir', stateDir, '--output', 'json'], { cwd });
  return (JSON.parse(listed.lines.join('\n')) as { runs: { runId: string; status: string }[] }).runs;
}

/** A "real" tenant whose every endpoint is a tripwire: the proof that refused input called nothing. */
function writeTenantConfig(cwd: string, tripwire: Tripwire): void {
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
}

describe('output and paths', () => {
  let tripwire: Tripwire;
  const tenantCwd = tempDir('sop-paths-tenant-');
  const tenantEnv = {
    SOP_INTEGRATE_CLIENT_SECRET: 'tripwire-secret-3318',
    SOP_INTEGRATE_NINJAONE_CLIENT_SECRET: 'tripwire-n1-2290',
  };
  beforeAll(async () => {
    tripwire = await startTripwire();
    writeFileSync(path.join(tenantCwd, 'a-file'), 'not a folder\n');
    writeTenantConfig(tenantCwd, tripwire);
  });
  afterAll(async () => tripwire.close());

  it.concurrent(
    '`run | head -3` stops the run, releases its lock and journals why; a report lost during the next run is exit 7',
    async () => {
      const cwd = tempDir('sop-pipe-');
      const stateDir = path.join(cwd, 'state');
      const run = ['ninjaone', '--phase', '1', '--sandbox', '--state-dir', stateDir];

      const piped = await runCliChild(run, {
        cwd,
        closeReader: { stream: 'stdout', afterLines: 3 },
        timeoutMs: runTimeoutMs,
      });
      expect(piped.signal, 'killed: it hung').toBeNull();
      expect(piped.lines).toHaveLength(3);
      expect(piped.stderr).not.toMatch(crashed);
      // A run that stopped early is not a success: exit 1, as for Ctrl-C (README "Exit codes").
      expect(piped.code, piped.stderr).toBe(1);
      expect(piped.stderr).toMatch(/stopped before step \S+: the output pipe closed \(stdout: EPIPE\)/);
      const [first] = await runsIn(stateDir, cwd);
      expect(first?.status).toBe('interrupted');
      expect(readdirSync(path.join(stateDir, 'locks'))).toEqual([]);
      expect(journalOf(stateDir, first!.runId).at(-1)).toMatchObject({
        type: 'run.finished',
        outcome: 'interrupted',
        reason: 'the output pipe closed (stdout: EPIPE)',
      });

      // The next run is not refused as locked. Its report path passes the check before the run;
      // the folder goes away once the plan shows, so the report cannot be written at the end.
      const reports = path.join(cwd, 'reports');
      mkdirSync(reports);
      const second = await runCliChild([...run, '--report', `json=${path.join(reports, 'run.json')}`], {
        cwd,
        timeoutMs: runTimeoutMs,
        onLine: (line) => {
          if (line.startsWith('Plan ') && existsSync(reports)) rmSync(reports, { recursive: true });
        },
      });
      expect(second.stderr).not.toMatch(crashed);
      expect(second.stderr).toMatch(
        /warning: the json report could not be written to \S*run\.json \(ENOENT\)/,
      );
      expect(second.code, second.stderr).toBe(7);
      expect(second.lines.join('\n')).toMatch(/Run \S+ succeeded/);
      expect((await runsIn(stateDir, cwd)).map((r) => r.status).sort()).toEqual(['interrupted', 'succeeded']);

      // Listings into a reader that is already gone: exit 0, nothing on stderr.
      for (const args of [
        ['runs', '--state-dir', stateDir],
        ['show', first!.runId, '--state-dir', stateDir],
      ]) {
        const listing = await runCliChild(args, { cwd, closeReader: { stream: 'stdout', afterLines: 0 } });
        expect(listing.stderr, args.join(' ')).toBe('');
        expect(listing.code, args.join(' ')).toBe(0);
      }
    },
    3 * runTimeoutMs,
  );

  it.concurrent.each([
    ['--help | head -0', ['--help'], 0],
    ['--help | head -1', ['--help'], 1],
    ['proofpoint --help | head -1', ['proofpoint', '--help'], 1],
    ['--version | head -0 (the launcher answers it alone)', ['--version'], 0],
    ['list --output json | head -0', ['list', '--output', 'json'], 0],
  ] as const)('%s: exit 0 quietly', async (_name, args, afterLines) => {
    const cwd = tempDir('sop-pipe-help-');
    const result = await runCliChild([...args], { cwd, closeReader: { stream: 'stdout', afterLines } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it.concurrent(
    'an error into a closed stderr still exits with its own code (2), without a crash',
    async () => {
      const cwd = tempDir('sop-pipe-err-');
      const result = await runCliChild(['ninjaone', '--phase', 'x'], {
        cwd,
        closeReader: { stream: 'stderr', afterLines: 0 },
      });
      expect(result.code).toBe(2);
    },
  );

  it.concurrent.each([
    [
      '--report json=notadir/x.json',
      ['--report', 'json=notadir/x.json'],
      /--report json=notadir\/x\.json: the folder notadir does not exist[\s\S]*hint: create it first/,
    ],
    [
      '--report under a file',
      ['--report', 'junit=a-file/x.xml'],
      /--report junit=a-file\/x\.xml: \S*a-file is a file, not a folder/,
    ],
    [
      '--report naming a folder',
      ['--report', 'markdown=a-folder'],
      /--report markdown=a-folder: a-folder is a folder, not a file/,
    ],
    [
      '--report under /proc',
      ['--report', 'json=/proc/nope/x.json'],
      /--report json=\/proc\/nope\/x\.json: the folder \/proc\/nope does not exist/,
    ],
    [
      'two reports into one file',
      ['--report', 'json=r.out', '--report', 'junit=r.out'],
      /--report json and --report junit both write r\.out/,
    ],
    [
      '--state-dir on an existing file',
      ['--state-dir', 'a-file'],
      /--state-dir a-file: is a file, not a folder[\s\S]*hint: point --state-dir/,
    ],
    [
      '--state-dir under a file',
      ['--state-dir', 'a-file/state'],
      /--state-dir a-file\/state: \S*a-file is a file, not a folder/,
    ],
    [
      '--state-dir /proc/nope (hung)',
      ['--state-dir', '/proc/nope'],
      /--state-dir \/proc\/nope: cannot be created/,
    ],
    [
      '--state-dir /proc/nope/deeper (hung)',
      ['--state-dir', '/proc/nope/deeper'],
      /--state-dir \/proc\/nope\/deeper: cannot be created/,
    ],
    [
      '--state-dir /proc/self, exists but takes no files (hung)',
      ['--state-dir', '/proc/self'],
      /--state-dir \/proc\/self: is not writable/,
    ],
    ['SOP_INTEGRATE_STATE_DIR on a file', [], /SOP_INTEGRATE_STATE_DIR \S*a-file: is a file, not a folder/],
  ] as const)('%s: exit 2 naming it, nothing created', async (name, extra, says) => {
    const cwd = tempDir('sop-paths-case-');
    writeFileSync(path.join(cwd, 'a-file'), 'not a folder\n');
    mkdirSync(path.join(cwd, 'a-folder'));
    const env: Record<string, string> = name.startsWith('SOP_INTEGRATE_STATE_DIR')
      ? { SOP_INTEGRATE_STATE_DIR: path.join(cwd, 'a-file') }
      : {};
    const result = await runCliChild(['ninjaone', '--phase', '1', '--sandbox', ...extra], {
      cwd,
      env,
      timeoutMs: 30_000,
    });
    expect(result.signal, 'killed after 30 s: it hung').toBeNull();
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(says);
    expect(result.stderr).not.toMatch(crashed);
    // The sandbox never started: it would have made the default state dir and its state file.
    expect(readdirSync(cwd).sort()).toEqual(['a-file', 'a-folder']);
  });

  it.concurrent('`runs` only reads the state dir: absent is "no runs", a file is exit 2', async () => {
    const cwd = tempDir('sop-paths-runs-');
    writeFileSync(path.join(cwd, 'a-file'), 'not a folder\n');
    const absent = await runCliChild(['runs', '--state-dir', '/proc/nope'], { cwd, timeoutMs: 30_000 });
    expect(absent.code, absent.stderr).toBe(0);
    const file = await runCliChild(['runs', '--state-dir', 'a-file'], { cwd });
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/--state-dir a-file: is a file, not a folder/);
  });

  it.concurrent('`sandbox send --state-dir /proc/nope` is exit 2 too (hung)', async () => {
    const cwd = tempDir('sop-paths-send-');
    const result = await runCliChild(
      [
        'sandbox',
        'send',
        '--from',
        'a@external.example',
        '--to',
        'b@contoso.example',
        '--state-dir',
        '/proc/nope',
      ],
      { cwd, timeoutMs: 30_000 },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/--state-dir \/proc\/nope: cannot be created/);
  });

  it.concurrent.each([
    ['run, --report into a missing folder', ['--report', 'json=notadir/x.json', '--state-dir', 'state']],
    ['run, --state-dir on a file', ['--state-dir', 'a-file']],
    ['rollback, --state-dir /proc/nope', ['--state-dir', '/proc/nope']],
  ] as const)('real tenant, %s: exit 2 and zero requests (tripwire)', async (name, extra) => {
    const args = name.startsWith('rollback')
      ? ['rollback', '20261126T061502Z-4f2a', '--config', 'tenant.yaml', ...extra]
      : ['ninjaone', '--phase', '1', '--config', 'tenant.yaml', ...extra];
    const result = await runCliChild(args, { cwd: tenantCwd, env: tenantEnv, timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(tripwire.hits).toEqual([]);
    expect(existsSync(path.join(tenantCwd, 'state'))).toBe(false);
  });

  it.concurrent('control: the tripwire config with good paths does reach the tripwire', async () => {
    const own = await startTripwire();
    try {
      const cwd = tempDir('sop-paths-control-');
      writeTenantConfig(cwd, own);
      const result = await runCliChild(['ninjaone', '--phase', '1', '--dry-run', '--config', 'tenant.yaml'], {
        cwd,
        env: tenantEnv,
      });
      expect(result.code).toBe(1);
      expect(own.hits.length).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });
});

describe('making folders cannot hang (the cause of the /proc/nope hang)', () => {
  it('makeDirectory and makeDirectorySync refuse /proc/nope at once and make nested folders elsewhere', async () => {
    const { makeDirectory, makeDirectorySync } = await import('../../src/make-dir.ts');
    // Node's mkdir({ recursive: true }) loops forever here: /proc answers ENOENT for a child.
    await expect(makeDirectory('/proc/nope/deeper')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => makeDirectorySync('/proc/nope')).toThrow(/ENOENT/);
    const root = tempDir('sop-mkdir-');
    await makeDirectory(path.join(root, 'a', 'b'), 0o700);
    expect(makeDirectorySync(path.join(root, 'a', 'b', 'c', 'd'))).toEqual([
      path.join(root, 'a', 'b', 'c'),
      path.join(root, 'a', 'b', 'c', 'd'),
    ]);
    expect(makeDirectorySync(path.join(root, 'a'))).toEqual([]);
    writeFileSync(path.join(root, 'file'), '');
    await expect(makeDirectory(path.join(root, 'file', 'x'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
