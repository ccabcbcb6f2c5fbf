import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileJournalStore, newRunId, replay, type JournalRecord } from '../../src/journal/index.ts';
import { Redactor } from '../../src/redact.ts';

const RUN = '20261126T061502Z-4f2a';

function store(): { store: FileJournalStore; dir: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'sop-journal-')), 'runs');
  return { store: new FileJournalStore(dir, new Redactor()), dir };
}

const intent: JournalRecord = {
  type: 'step.intent',
  at: '2026-11-26T06:15:03.000Z',
  stepId: 'mx-switch',
  attempt: 1,
};
const done: JournalRecord = {
  type: 'step.done',
  at: '2026-11-26T06:15:04.000Z',
  stepId: 'mx-switch',
  outputs: { recordId: 'rr-77' },
  undo: { previous: 'mx1.old.example' },
};

describe('FileJournalStore', () => {
  it('makes run ids that sort by time', () => {
    const early = newRunId(new Date('2026-11-26T06:15:02.500Z'), 'ffff');
    const late = newRunId(new Date('2026-11-26T06:15:03.000Z'), '0000');
    expect(early).toBe('20261126T061502Z-ffff');
    expect([late, early].sort()).toEqual([early, late]);
  });

  it('appends one JSON line per record and reads them back validated', async () => {
    const { store: s, dir } = store();
    await s.create(RUN);
    await s.append(RUN, intent);
    await s.append(RUN, done);
    expect(readFileSync(join(dir, `${RUN}.jsonl`), 'utf8').split('\n')).toHaveLength(3);
    expect(await s.read(RUN)).toEqual({ records: [intent, done] });
    await expect(s.create(RUN)).rejects.toThrow();
  });

  it('reports a torn last line without failing, and drops it on the next append', async () => {
    const { store: s, dir } = store();
    await s.create(RUN);
    await s.append(RUN, intent);
    appendFileSync(join(dir, `${RUN}.jsonl`), '{"type":"step.done","at":"2026-11-26T06:1');
    const torn = await s.read(RUN);
    expect(torn.records).toEqual([intent]);
    expect(torn.tornTail).toEqual({ line: 2, bytes: 41 });

    const reopened = new FileJournalStore(dir, new Redactor());
    await reopened.append(RUN, done);
    expect(await reopened.read(RUN)).toEqual({ records: [intent, done] });
  });

  it('reports a broken line in the middle as damage, with the intact records around it', async () => {
    const { store: s, dir } = store();
    await s.create(RUN);
    appendFileSync(join(dir, `${RUN}.jsonl`), 'not json\n');
    await s.append(RUN, intent);
    expect(await s.read(RUN)).toEqual({
      records: [intent],
      damage: {
        source: join(dir, `${RUN}.jsonl`),
        lines: [{ line: 1, bytes: 8, reason: 'not a complete JSON record', afterRecords: 0 }],
      },
    });
  });

  it('redacts registered secrets and secret-named fields before writing', async () => {
    const redactor = new Redactor();
    redactor.register('s3cr3t-value-91');
    const { dir } = store();
    const s = new FileJournalStore(dir, redactor);
    await s.create(RUN);
    await s.append(RUN, { ...done, outputs: { note: 'value s3cr3t-value-91', clientSecret: 'other' } });
    const text = readFileSync(join(dir, `${RUN}.jsonl`), 'utf8');
    expect(text).not.toContain('s3cr3t-value-91');
    expect(text).not.toContain('other');
  });

  it('rejects a run id that is not one', async () => {
    const { store: s } = store();
    await expect(s.read('../../etc/passwd')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('replay', () => {
  it('rebuilds step progress, first attempt time, approvals and rollback progress', () => {
    const state = replay([
      intent,
      { ...intent, at: '2026-11-26T07:00:00.000Z', attempt: 2 },
      done,
      {
        type: 'step.verified',
        at: '2026-11-26T07:00:01.000Z',
        stepId: 'mx-switch',
        ok: true,
        checks: ['MX answers'],
      },
      { type: 'rollback.started', at: '2026-11-26T08:00:00.000Z' },
      { type: 'rollback.intent', at: '2026-11-26T08:00:01.000Z', stepId: 'mx-switch' },
    ]);
    expect(state.steps['mx-switch']).toMatchObject({
      attempts: 2,
      firstAttemptAt: '2026-11-26T06:15:03.000Z',
      done: true,
      outputs: { recordId: 'rr-77' },
      undo: { previous: 'mx1.old.example' },
      verified: { ok: true, checks: ['MX answers'] },
    });
    expect(state.doneOrder).toEqual(['mx-switch']);
    expect(state.rollback).toEqual({ started: true, intents: ['mx-switch'], undone: [] });
    expect(state.status).toBe('running');
  });
});
