// What gets uploaded is what was planned (issue 12 §2). ninjaone phase 1 downloads the agent MSI,
// records its sha256 and ProductCode, packages and uploads it. A run stopped after the download
// (at its gate, or SIGKILLed) whose installer is then altered or swapped for another MSI must
// refuse to resume and upload nothing. Downloads and package folders (whose Detection.xml holds
// the encryption keys) live in `<state-dir>/tmp` (0700), never in the system temp dir, and no
// package is left behind after a clean run, a failed run, or (from the next start) a SIGKILL.
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { SandboxSnapshot } from '../../src/sandbox/index.ts';
import { agentBuild } from '../../src/services/ninjaone/emulator/installer.ts';
import { cliPath, runCli, type CliResult } from '../cli/run-cli.ts';
import { snapshotOf } from '../e2e/sandbox-state.ts';
import { seededStateDir } from './support/clean-run.ts';

const apps = (s: SandboxSnapshot) =>
  Object.values(s.intune?.mobileApps ?? {}).filter((a) => a.displayName === 'NinjaOne Agent');

/** A sandbox state dir, and a TMPDIR of its own so the test sees every file the CLI puts there. */
async function setup(prefix: string) {
  const { cwd, stateDir, initial } = await seededStateDir(prefix);
  const tmp = path.join(cwd, 'system-tmp');
  mkdirSync(tmp);
  const sandbox = ['--sandbox', '--state-dir', stateDir];
  const cli = (args: string[]): Promise<CliResult> => runCli(args, { cwd, env: { TMPDIR: tmp } });
  const phase1 = (...extra: string[]) => cli(['ninjaone', '--phase', '1', ...sandbox, ...extra]);
  const resume = (runId: string) => cli(['resume', runId, ...sandbox]);
  const unlock = () => cli(['unlock', initial.tenant.id, 'ninjaone', '--state-dir', stateDir]);
  return { cwd, stateDir, initial, tmp, phase1, resume, unlock };
}

function onlyRunId(stateDir: string): string {
  const runs = readdirSync(path.join(stateDir, 'runs')).filter((f) => f.endsWith('.jsonl'));
  expect(runs).toHaveLength(1);
  return (runs[0] ?? '').replace(/\.jsonl$/, '');
}

/** The installer as the journal recorded it (where the run will package it from). */
function journaledInstaller(
  stateDir: string,
  runId: string,
): { path: string; sha256: string; productCode: string } {
  const lines = readFileSync(path.join(stateDir, 'runs', `${runId}.jsonl`), 'utf8').split('\n');
  for (const line of lines) {
    if (!line.includes('"step.done"')) continue;
    const record = JSON.parse(line) as { stepId: string; outputs: Record<string, string> };
    if (record.stepId === 'agent-installer') {
      const { path: file = '', sha256 = '', productCode = '' } = record.outputs;
      return { path: file, sha256, productCode };
    }
  }
  throw new Error('no done record of agent-installer');
}

function walk(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) => path.join(dir, p));
  } catch {
    return [];
  }
}

/** Package folders, packages and their keys, or partial downloads, under the given folders. */
function packageLeftovers(...dirs: string[]): string[] {
  return dirs
    .flatMap(walk)
    .filter((p) =>
      /Detection\.xml$|\.intunewin$|(^|\/)(intunewin-|proc-|\.intunewin-)[^/]*$|\.part$/.test(p),
    );
}

/** Anything the CLI put in the system temp dir under the tool's name. */
const systemTempEntries = (tmp: string) => readdirSync(tmp).filter((n) => n.startsWith('sop-integrate'));

const mode = (p: string) => statSync(p).mode & 0o777;

function expectRefusedChanged(result: CliResult, installer: string, runId: string): void {
  expect(result.code, result.stderr).toBe(5);
  expect(result.stderr).toContain('REFUSED_CHANGED');
  expect(result.stderr).toContain(installer);
  expect(result.stderr).toMatch(/nothing was uploaded/);
  expect(result.stderr).toContain(`delete ${installer}`);
  expect(result.stderr).toContain(`sop-integrate rollback ${runId}`);
  expect(result.stderr).not.toMatch(/\n\s+at |BUG/);
}

describe('the installer uploaded is the one planned', () => {
  it('refuses a resume whose installer bytes changed, uploads nothing, and downloads a deleted one again', async () => {
    const s = await setup('sop-inst-bytes-');
    // A private folder left open to everyone (e.g. made by hand) is closed again, not used as is.
    const root = path.join(s.stateDir, 'tmp');
    mkdirSync(root);
    chmodSync(root, 0o777);
    // --rehearse: no stand-in approver, so the run stops at the CTO gate after the download.
    const stopped = await s.phase1('--rehearse');
    expect(stopped.code, stopped.stderr).toBe(3);
    const runId = onlyRunId(s.stateDir);
    const installer = journaledInstaller(s.stateDir, runId);

    // Private and under the state dir: 0700 folders, 0600 file, nothing in the system temp dir.
    expect(installer.path.startsWith(root + path.sep)).toBe(true);
    expect(mode(root)).toBe(0o700);
    for (const p of walk(root)) expect([p, mode(p)]).toEqual([p, statSync(p).isDirectory() ? 0o700 : 0o600]);
    expect(systemTempEntries(s.tmp)).toEqual([]);
    expect(packageLeftovers(root, s.tmp)).toEqual([]);

    const bytes = readFileSync(installer.path);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    writeFileSync(installer.path, bytes);
    const refused = await s.resume(runId);
    expectRefusedChanged(refused, installer.path, runId);
    expect(refused.stderr).toContain(`planned ${installer.sha256}`);
    expect(apps(await snapshotOf(s.stateDir))).toEqual([]);
    expect(packageLeftovers(root, s.tmp)).toEqual([]);

    // The fix the error names: delete it, and resume downloads it again and holds it to the hash.
    rmSync(installer.path);
    const resumed = await s.resume(runId);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/downloading it again/);
    expect(resumed.stdout).toContain(`installer checked: sha256 ${installer.sha256}`);
    const [app] = apps(await snapshotOf(s.stateDir));
    expect(app?.committedContentVersion).toBeTruthy();
    expect((app?.msiInformation as { productCode?: string } | undefined)?.productCode).toBe(
      installer.productCode,
    );

    // A clean end leaves no package, key or scratch folder anywhere, and nothing in the system temp dir.
    expect(packageLeftovers(root, s.tmp)).toEqual([]);
    expect(systemTempEntries(s.tmp)).toEqual([]);
  }, 240_000);

  it('refuses a resume whose installer was replaced by another valid MSI (other ProductCode)', async () => {
    const s = await setup('sop-inst-swap-');
    // SIGKILLed at the app's creation: downloaded and journaled, nothing in Intune yet.
    const crashed = await s.phase1(
      '--sandbox-fault',
      'kind=crash-before,service=graph,method=POST,path=mobileApps',
    );
    expect(crashed.code, crashed.stderr).toBeNull();
    const runId = onlyRunId(s.stateDir);
    const installer = journaledInstaller(s.stateDir, runId);
    const other = agentBuild(7, '9.9.9', 4096);
    expect(other.productCode).not.toBe(installer.productCode);
    writeFileSync(installer.path, other.bytes);

    expect((await s.unlock()).code).toBe(0);
    const refused = await s.resume(runId);
    expectRefusedChanged(refused, installer.path, runId);
    expect(refused.stderr).toContain(`ProductCode ${other.productCode} (planned ${installer.productCode})`);
    expect(apps(await snapshotOf(s.stateDir))).toEqual([]);
    expect(systemTempEntries(s.tmp)).toEqual([]);
  }, 240_000);

  it('leaves no package folder behind when the upload fails', async () => {
    const s = await setup('sop-inst-fail-');
    const failed = await s.phase1(
      '--sandbox-fault',
      'kind=status,status=400,service=graph,method=POST,path=commit',
    );
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stdout).toMatch(/packaging/);
    expect(packageLeftovers(path.join(s.stateDir, 'tmp'), s.tmp)).toEqual([]);
    expect(systemTempEntries(s.tmp)).toEqual([]);
  }, 240_000);

  it("removes a SIGKILLed run's package folder at the next start, and no live process's", async () => {
    const s = await setup('sop-inst-kill-');
    const root = path.join(s.stateDir, 'tmp');
    // SIGKILLed at the first block of the upload: the package (with its keys) is on disk.
    const crashed = await s.phase1('--sandbox-fault', 'kind=crash-before,service=blob,method=PUT,nth=1');
    expect(crashed.code, crashed.stderr).toBeNull();
    const left = readdirSync(root).filter((n) => n.startsWith('proc-'));
    expect(left).toHaveLength(1);
    expect(mode(path.join(root, left[0] ?? ''))).toBe(0o700);
    expect(packageLeftovers(root).some((p) => p.endsWith('.intunewin'))).toBe(true);
    // Another live run's folder on this host (this test process), and one of another host.
    const host = hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';
    const live = path.join(root, `proc-${host}-${process.pid}-Live00`);
    const elsewhere = path.join(root, 'proc-otherhost-1-Other0');
    for (const dir of [live, elsewhere]) {
      mkdirSync(dir, { mode: 0o700 });
      writeFileSync(path.join(dir, 'marker'), 'x');
    }

    expect((await s.unlock()).code).toBe(0);
    const resumed = await s.resume(onlyRunId(s.stateDir));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(
      readdirSync(root)
        .filter((n) => n.startsWith('proc-'))
        .sort(),
    ).toEqual([path.basename(elsewhere), path.basename(live)].sort());
    expect(walk(root).filter((p) => /Detection\.xml$|\.intunewin$/.test(p))).toEqual([]);
    expect(systemTempEntries(s.tmp)).toEqual([]);
  }, 240_000);

  it('refuses a private folder that is a link elsewhere, before any download', async () => {
    const s = await setup('sop-inst-link-');
    const elsewhere = path.join(s.cwd, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, path.join(s.stateDir, 'tmp'));
    const refused = await s.phase1('--dry-run');
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`${path.join(s.stateDir, 'tmp')} is not a folder (a link or a file)`);
    expect(refused.stderr).not.toMatch(/\n\s+at |BUG/);
    expect(readdirSync(elsewhere)).toEqual([]);
  }, 240_000);

  it('removes the package folder when SIGTERM stops a run mid-upload', async () => {
    const s = await setup('sop-inst-term-');
    const root = path.join(s.stateDir, 'tmp');
    // Each upload block takes 3 s: long enough to be stopped while the package is on disk.
    const child = spawn(
      process.execPath,
      [
        cliPath,
        ...['ninjaone', '--phase', '1', '--sandbox', '--state-dir', s.stateDir],
        ...['--sandbox-fault', 'kind=latency,ms=3000,service=blob,method=PUT'],
      ],
      { cwd: s.cwd, env: { ...process.env, CI: '1', NO_COLOR: '1', TMPDIR: s.tmp }, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let packaged = false;
    for (let i = 0; i < 2400 && !packaged && child.exitCode === null; i += 1) {
      packaged = packageLeftovers(root).some((p) => p.endsWith('.intunewin'));
      if (!packaged) await sleep(50);
    }
    expect(packaged).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).not.toBeNull();
    expect(packageLeftovers(root, s.tmp)).toEqual([]);
    expect(systemTempEntries(s.tmp)).toEqual([]);
  }, 240_000);
});
