// Journal durability (issue 12, section 1), with the built CLI against the sandbox:
// - a last record cut at every byte offset (a crash mid-append): `runs` lists every cut, the next
//   appends (file store, and Azure Blob through Azurite) start a line of their own, and for a
//   sample of offsets `resume` finishes the run and `rollback` restores the seeded state;
// - one damaged journal among others: `runs` lists the rest and names the damage;
// - a damaged middle record: `resume` and `approve` refuse, `rollback` undoes what the intact
//   records prove, names the rest and exits 8 (ROLLBACK_INCOMPLETE), again on every later try.
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BlobContainer } from '../../src/journal/azure-blob/container.ts';
import { parseJournalLocation } from '../../src/journal/azure-blob/location.ts';
import { AzureBlobJournalStore } from '../../src/journal/azure-blob-store.ts';
import { FileJournalStore, type JournalRecord, type RunSummary } from '../../src/journal/index.ts';
import { Redactor } from '../../src/redact.ts';
import { isEmptyDiff } from '../../src/sandbox/index.ts';
import { tempDir } from '../cli/run-cli.ts';
import { withSandboxState } from '../e2e/sandbox-state.ts';
import { AZURITE_ACCOUNT, startAzurite } from '../journal/azure-blob-azurite.ts';
import {
  cli,
  copyState,
  expectNoStack,
  journalOf,
  lastJson,
  makeJournalFixture,
  sandboxed,
  type JournalFixture,
} from './support/damaged-journal.ts';
import { stateSignature } from './support/state-signature.ts';

interface RunsJson {
  runs: RunSummary[];
  damaged: Array<{ runId: string; source: string; lines: Array<{ line: number }>; listed: boolean }>;
}

let fx: JournalFixture;
let journal: Buffer;
/** Byte offset where the last record starts, and its length with the newline. */
let lastStart: number;
let lastLength: number;

beforeAll(async () => {
  fx = await makeJournalFixture();
  journal = readFileSync(journalOf(fx.crashed, fx.runId));
  lastStart = journal.lastIndexOf(0x0a, journal.length - 2) + 1;
  lastLength = journal.length - lastStart;
}, 300_000);

/** A run id per cut, so every cut can sit in one runs directory. */
function idOf(offset: number): string {
  return `${fx.runId.slice(0, 16)}-${offset.toString(16).padStart(4, '0')}`;
}
const cutAt = (offset: number) => journal.subarray(0, lastStart + offset);
/** Cuts 1 .. length-2 leave a torn line; length-1 is the whole record without its newline. */
const isTorn = (offset: number) => offset > 0 && offset < lastLength - 1;
const keepsLast = (offset: number) => offset >= lastLength - 1;

const at = '2026-12-02T18:00:00.000Z';
// What a resume appends first: a second attempt of the step whose intent was being written.
const nextIntent: JournalRecord = {
  type: 'step.intent',
  at,
  stepId: 'required-assignment',
  attempt: 2,
  observed: { assignmentIds: [] },
};
const nextRecords: JournalRecord[] = [nextIntent, { type: 'run.finished', at, outcome: 'interrupted' }];

describe('a last record cut at every byte offset', () => {
  it('is listed by `runs` at every cut, and the next appends to the file start a line of their own', async () => {
    const offsets = Array.from({ length: lastLength + 1 }, (_, k) => k);
    const stateDir = path.join(tempDir('sop-journal-cuts-'), 'state');
    const runsDir = path.join(stateDir, 'runs');
    mkdirSync(runsDir, { recursive: true });
    for (const k of offsets) writeFileSync(path.join(runsDir, `${idOf(k)}.jsonl`), cutAt(k));

    const listed = await cli(['runs', '--output', 'json'], stateDir);
    expect(listed.code, listed.stderr).toBe(0);
    const before = lastJson<RunsJson>(listed);
    expect(before.damaged).toEqual([]);
    expect(before.runs).toHaveLength(offsets.length);
    for (const k of offsets) {
      const run = before.runs.find((r) => r.runId === idOf(k));
      expect(run, `cut at ${k}`).toMatchObject({ status: 'running', stepsDone: 3 });
      expect(run?.tornTail, `cut at ${k}`).toEqual(isTorn(k) ? { line: 10, bytes: k } : undefined);
    }

    // Each cut reopened as a resume would: a new store, then two appends.
    for (const k of offsets) {
      const store = new FileJournalStore(runsDir, new Redactor());
      for (const record of nextRecords) await store.append(idOf(k), record);
      const read = await store.read(idOf(k));
      expect(read.tornTail, `cut at ${k}`).toBeUndefined();
      expect(read.damage, `cut at ${k}`).toBeUndefined();
      expect(read.records, `cut at ${k}`).toHaveLength(9 + (keepsLast(k) ? 1 : 0) + nextRecords.length);
      expect(read.records.slice(-2), `cut at ${k}`).toEqual(nextRecords);
    }
    const after = await cli(['runs', '--output', 'json'], stateDir);
    expect(after.code, after.stderr).toBe(0);
    expect(lastJson<RunsJson>(after).damaged).toEqual([]);
    expect(lastJson<RunsJson>(after).runs.map((r) => r.status)).toEqual(offsets.map(() => 'interrupted'));
  }, 300_000);

  it('is sealed or ended in an Azure append blob (Azurite) at every cut', async () => {
    const azurite = await startAzurite();
    try {
      const redactor = new Redactor();
      const location = parseJournalLocation(
        `azblob://${AZURITE_ACCOUNT}/journal-cuts`,
        azurite.connectionString,
      );
      const container = new BlobContainer({ location, redactor });
      const cut = async (k: number) => {
        await new AzureBlobJournalStore(container, redactor).create(idOf(k));
        const blob = (await container.open()).getAppendBlobClient(`runs/${idOf(k)}.jsonl`);
        await blob.appendBlock(cutAt(k), cutAt(k).length);
        // A runner that did not write the blob: it must find the tail itself.
        const store = new AzureBlobJournalStore(container, redactor);
        await store.append(idOf(k), nextIntent);
        const read = await store.read(idOf(k));
        expect(read.tornTail, `cut at ${k}`).toBeUndefined();
        expect(read.damage, `cut at ${k}`).toBeUndefined();
        expect(read.records, `cut at ${k}`).toHaveLength(9 + (keepsLast(k) ? 1 : 0) + 1);
        expect(read.records.at(-1), `cut at ${k}`).toEqual(nextIntent);
      };
      const offsets = Array.from({ length: lastLength + 1 }, (_, k) => k);
      for (let i = 0; i < offsets.length; i += 8) await Promise.all(offsets.slice(i, i + 8).map(cut));
      const { runs, damaged } = await new AzureBlobJournalStore(container, redactor).list();
      expect(damaged).toEqual([]);
      expect(runs).toHaveLength(offsets.length);
    } finally {
      azurite.stop();
    }
  }, 300_000);

  it('is resumed to success and rolled back to the seeded state (sample of cuts)', async () => {
    // Every cut through resume + rollback would take minutes; these are the distinct cases (the
    // listing and the appends above cover every cut): the record absent, torn half-way, whole but
    // for its newline (the case that glued the next record onto it), whole.
    const sample = [0, Math.floor(lastLength / 2), lastLength - 1, lastLength];
    const one = async (k: number) => {
      const stateDir = copyState(fx.crashed);
      truncateSync(journalOf(stateDir, fx.runId), lastStart + k);
      const resumed = await cli(['resume', fx.runId, ...sandboxed], stateDir);
      expect(resumed.code, `cut at ${k}: ${resumed.stderr}`).toBe(0);
      if (isTorn(k)) expect(resumed.stderr).toContain('ends with a torn line (line 10');
      else expect(resumed.stderr).not.toContain('torn');
      // rollback reads the whole journal the resume appended to: a glued line would fail it.
      const rolledBack = await cli(['rollback', fx.runId, ...sandboxed], stateDir);
      expect(rolledBack.code, `cut at ${k}: ${rolledBack.stderr}`).toBe(0);
      await withSandboxState(stateDir, (sb) => {
        const diff = sb.diff(fx.initial, sb.snapshot());
        expect(isEmptyDiff(diff), `cut at ${k}: ${JSON.stringify(diff)}`).toBe(true);
      });
    };
    // Two at a time: the machine has two cores.
    for (let i = 0; i < sample.length; i += 2) await Promise.all(sample.slice(i, i + 2).map(one));
  }, 300_000);
});

/** The finished run's journal with one line replaced by bytes that are not a record. */
function damaged(stateDir: string, runId: string, pick: (line: string) => boolean, junk: string): number {
  const file = journalOf(stateDir, runId);
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex(pick);
  expect(index).toBeGreaterThanOrEqual(0);
  lines[index] = junk;
  writeFileSync(file, lines.join('\n'));
  return index + 1;
}
const isLine = (type: string, stepId?: string) => (line: string) =>
  line.includes(`"type":"${type}"`) && (stepId === undefined || line.includes(`"stepId":"${stepId}"`));

describe('a damaged journal among others', () => {
  it('does not stop `runs`: it lists the other runs and names the damage', async () => {
    const stateDir = copyState(fx.finished);
    const runsDir = path.join(stateDir, 'runs');
    const good = fx.runId;
    const middle = `${good.slice(0, 16)}-0001`;
    const start = `${good.slice(0, 16)}-0002`;
    const unreadable = `${good.slice(0, 16)}-0003`;
    const notUtf8 = `${good.slice(0, 16)}-0004`;
    const text = readFileSync(journalOf(stateDir, good), 'utf8');
    writeFileSync(journalOf(stateDir, middle), text);
    writeFileSync(journalOf(stateDir, start), text);
    const middleLine = damaged(stateDir, middle, isLine('step.done', 'win32-app'), '{"type":"step.do');
    damaged(stateDir, start, isLine('run.started'), '\u0000\u0000\u0000');
    mkdirSync(path.join(runsDir, `${unreadable}.jsonl`));
    // A middle line with bytes that are not UTF-8 (0xff never is).
    const lines = text.split('\n');
    const bad = Buffer.concat([
      Buffer.from(`${lines.slice(0, 3).join('\n')}\n{"type":"gate.appr`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`"}\n${lines.slice(4).join('\n')}`),
    ]);
    writeFileSync(journalOf(stateDir, notUtf8), bad);

    const text1 = await cli(['runs'], stateDir);
    expectNoStack(text1);
    expect(text1.code, text1.stderr).toBe(0);
    expect(text1.stdout).toMatch(new RegExp(`${good} .*succeeded`));
    expect(text1.stdout).toMatch(new RegExp(`${middle} .*\\(journal damaged\\)`));
    expect(text1.stdout).not.toContain(start);
    expect(text1.stderr).toContain(
      `warning: journal ${journalOf(stateDir, middle)} is damaged at line ${middleLine}`,
    );
    expect(text1.stderr).toContain(`warning: journal ${journalOf(stateDir, start)} is damaged at line 1`);
    expect(text1.stderr).toContain(`journal ${journalOf(stateDir, unreadable)} cannot be read (EISDIR)`);
    expect(text1.stderr).toContain(
      `journal ${journalOf(stateDir, notUtf8)} is damaged at line 4 (not UTF-8)`,
    );

    const json = await cli(['runs', '--output', 'json'], stateDir);
    expect(json.code, json.stderr).toBe(0);
    const listed = lastJson<RunsJson>(json);
    expect(listed.runs.map((r) => r.runId).sort()).toEqual([good, middle, notUtf8].sort());
    expect(listed.damaged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          runId: middle,
          source: journalOf(stateDir, middle),
          lines: [expect.objectContaining({ line: middleLine })],
          listed: true,
        }),
        expect.objectContaining({
          runId: start,
          lines: [expect.objectContaining({ line: 1 })],
          listed: false,
        }),
        expect.objectContaining({ runId: unreadable, lines: [], listed: false }),
        expect.objectContaining({
          runId: notUtf8,
          lines: [expect.objectContaining({ line: 4 })],
          listed: true,
        }),
      ]),
    );

    const shown = await cli(['show', middle], stateDir);
    expectNoStack(shown);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toContain(`is damaged at line ${middleLine}`);
    expect(shown.stdout).toMatch(/win32-app\s+create\s+started/);
  }, 300_000);
});

describe('a damaged middle record', () => {
  it('is refused by resume and approve; rollback undoes what the intact records prove and exits 7', async () => {
    const stateDir = copyState(fx.finished);
    const line = damaged(
      stateDir,
      fx.runId,
      isLine('step.done', 'win32-app'),
      '{"type":"step.done","at":"2026-',
    );
    const file = journalOf(stateDir, fx.runId);

    const resumed = await cli(['resume', fx.runId, ...sandboxed], stateDir);
    expectNoStack(resumed);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`journal ${file} is damaged at line ${line}`);
    expect(resumed.stderr).toContain(`${file}:${line}: not a complete JSON record`);
    expect(resumed.stderr).toMatch(/hint: .*sop-integrate rollback/);
    const approved = await cli(
      [
        'approve',
        fx.runId,
        '--gate',
        'cto-change-approval',
        '--as',
        'Kim',
        '--role',
        'CTO',
        '--evidence',
        'changeId=CHG-1',
      ],
      stateDir,
    );
    expect(approved.code).toBe(2);
    expect(approved.stderr).toContain('cannot be approved');

    const rolledBack = await cli(['rollback', fx.runId, ...sandboxed], stateDir);
    expectNoStack(rolledBack);
    expect(rolledBack.code, rolledBack.stderr).toBe(8);
    expect(rolledBack.stderr).toContain('error [ROLLBACK_INCOMPLETE]');
    expect(rolledBack.stderr).toContain('cannot account for win32-app');
    expect(rolledBack.stderr).toContain(
      `${file}:${line}: not a complete JSON record; it may hold records of win32-app`,
    );
    expect(rolledBack.stdout).toContain('1 undone');
    // The assignment (intact done record) is undone; the app, whose undo record was on the
    // damaged line, is still there: exactly what the error tells the operator to check.
    await withSandboxState(stateDir, (sb) => {
      const left = stateSignature(sb.diff(fx.initial, sb.snapshot()));
      expect(left.length).toBeGreaterThan(0);
      expect(left.join('\n')).not.toMatch(/assignment/i);
      expect(left.join('\n')).toMatch(/NinjaOne Agent/);
    });

    // Never reported clean, however often it is tried.
    const again = await cli(['rollback', fx.runId, ...sandboxed], stateDir);
    expect(again.code, again.stderr).toBe(8);
    expect(again.stderr).toContain('cannot account for win32-app');
    const listed = lastJson<RunsJson>(await cli(['runs', '--output', 'json'], stateDir));
    expect(listed.runs[0]?.status).toBe('rollback-failed');
  }, 300_000);

  it('that the intact records account for: rollback restores everything, and still does not claim a clean rollback', async () => {
    const stateDir = copyState(fx.finished);
    const line = damaged(stateDir, fx.runId, isLine('step.verified', 'win32-app'), 'garbage');
    const rolledBack = await cli(['rollback', fx.runId, ...sandboxed], stateDir);
    expectNoStack(rolledBack);
    expect(rolledBack.code, rolledBack.stderr).toBe(8);
    expect(rolledBack.stderr).toContain('no step is unaccounted for');
    expect(rolledBack.stderr).toContain(`:${line}: not a complete JSON record; the intact records around it`);
    await withSandboxState(stateDir, (sb) => {
      const diff = sb.diff(fx.initial, sb.snapshot());
      expect(isEmptyDiff(diff), JSON.stringify(diff)).toBe(true);
    });
  }, 300_000);

  it('in the start record: resume refuses, rollback changes nothing and exits 7', async () => {
    const stateDir = copyState(fx.finished);
    damaged(stateDir, fx.runId, isLine('run.started'), '{"type":"run.started"');
    const before = await withSandboxState(stateDir, (sb) => sb.snapshot());
    const resumed = await cli(['resume', fx.runId, ...sandboxed], stateDir);
    expectNoStack(resumed);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('is damaged at line 1');
    const rolledBack = await cli(['rollback', fx.runId, ...sandboxed], stateDir);
    expectNoStack(rolledBack);
    expect(rolledBack.code, rolledBack.stderr).toBe(8);
    expect(rolledBack.stderr).toContain('start record is not readable, so nothing could be undone');
    await withSandboxState(stateDir, (sb) => {
      expect(isEmptyDiff(sb.diff(before, sb.snapshot()))).toBe(true);
    });
  }, 300_000);
});
