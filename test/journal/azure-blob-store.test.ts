import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobContainer } from '../../src/journal/azure-blob/container.ts';
import { parseJournalLocation } from '../../src/journal/azure-blob/location.ts';
import { AzureBlobJournalStore } from '../../src/journal/azure-blob-store.ts';
import { newRunId, replay, type JournalRecord } from '../../src/journal/index.ts';
import { Redactor } from '../../src/redact.ts';
import { AZURITE_ACCOUNT, startAzurite, type Azurite } from './azure-blob-azurite.ts';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(() => azurite?.stop());

let containerCount = 0;
function storeIn(redactor = new Redactor()): { store: AzureBlobJournalStore; container: BlobContainer } {
  containerCount += 1;
  const location = parseJournalLocation(
    `azblob://${AZURITE_ACCOUNT}/fabrikam-runs-${containerCount}`,
    azurite.connectionString,
  );
  const container = new BlobContainer({ location, redactor });
  return { store: new AzureBlobJournalStore(container, redactor), container };
}

const at = '2026-11-26T06:15:02.000Z';
function started(runId: string): JournalRecord {
  return {
    type: 'run.started',
    at,
    runId,
    integration: 'fabrikam-mail',
    phase: 3,
    tenantId: 'b7d1c0de-5eed-4a11-9c3e-2f6a8e0d1b44',
    runbookFile: 'runbooks/test/phase-3.yaml',
    runbookHash: 'rb-91',
    inputsHash: 'in-17',
    inputs: { domain: 'fabrikam.example' },
    planHash: 'plan-42',
    plan: {
      runbookHash: 'rb-91',
      inputsHash: 'in-17',
      integration: 'fabrikam-mail',
      phase: 3,
      steps: [],
      gates: {},
      hash: 'plan-42',
    },
    dryRun: false,
    startedAt: at,
    toolVersion: '9.8.7',
  };
}

describe('AzureBlobJournalStore (Azurite)', () => {
  it('creates, appends, reads and lists runs as append blobs', async () => {
    const { store, container } = storeIn();
    const first = newRunId(new Date('2026-11-26T06:15:02Z'), 'a1b2');
    const second = newRunId(new Date('2026-11-27T08:00:00Z'), 'c3d4');
    await store.create(second);
    await store.create(first);
    await store.append(first, started(first));
    await store.append(first, { type: 'step.intent', at, stepId: 'mx-record', attempt: 1 });
    await store.append(second, started(second));
    await store.append(second, { type: 'run.finished', at, outcome: 'succeeded' });

    const read = await store.read(first);
    expect(read.records.map((r) => r.type)).toEqual(['run.started', 'step.intent']);
    expect(read.tornTail).toBeUndefined();
    expect(await store.exists(first)).toBe(true);
    expect(await store.exists(newRunId(new Date('2026-01-01T00:00:00Z'), 'ffff'))).toBe(false);
    const { runs, damaged } = await store.list();
    expect(damaged).toEqual([]);
    expect(runs.map((r) => [r.runId, r.status])).toEqual([
      [first, 'running'],
      [second, 'succeeded'],
    ]);
    await expect(store.create(first)).rejects.toThrow(/already exists/);
    const blob = (await container.open()).getAppendBlobClient(`runs/${first}.jsonl`);
    expect((await blob.getProperties()).blobType).toBe('AppendBlob');
    expect((await blob.getProperties()).blobCommittedBlockCount).toBe(2);
  });

  it('reads a run written by another store instance (another runner)', async () => {
    const { store } = storeIn();
    const runId = newRunId(new Date('2026-11-26T07:00:00Z'), '0e0e');
    await store.create(runId);
    await store.append(runId, started(runId));
    const location = store.location;
    const [, account = '', name = ''] = /^azblob:\/\/([^/]+)\/(.+)$/.exec(location) ?? [];
    const other = new AzureBlobJournalStore(
      new BlobContainer({
        location: parseJournalLocation(`azblob://${account}/${name}`, azurite.connectionString),
        redactor: new Redactor(),
      }),
    );
    await other.append(runId, { type: 'run.finished', at, outcome: 'failed' });
    expect(replay((await store.read(runId)).records).status).toBe('failed');
  });

  it('reports a torn record, seals it on the next append and keeps every whole record', async () => {
    const { store, container } = storeIn();
    const runId = newRunId(new Date('2026-11-26T09:30:00Z'), '7a7a');
    await store.create(runId);
    await store.append(runId, started(runId));
    // A writer that split a record and died after its first half.
    const blob = (await container.open()).getAppendBlobClient(`runs/${runId}.jsonl`);
    const half = '{"type":"step.intent","at":"2026-11-26T06:1';
    await blob.appendBlock(half, half.length);

    const torn = await store.read(runId);
    expect(torn.records).toHaveLength(1);
    expect(torn.tornTail).toEqual({ line: 2, bytes: half.length });
    expect((await store.list()).runs[0]?.tornTail).toEqual({ line: 2, bytes: half.length });

    const resumed = new AzureBlobJournalStore(container, new Redactor());
    await resumed.append(runId, { type: 'step.intent', at, stepId: 'spf-record', attempt: 2 });
    await resumed.append(runId, { type: 'run.finished', at, outcome: 'succeeded' });
    const after = await store.read(runId);
    expect(after.tornTail).toBeUndefined();
    expect(after.records.map((r) => r.type)).toEqual(['run.started', 'step.intent', 'run.finished']);
    // The sealed half-record counts for nothing: one intent, the whole one.
    expect(replay(after.records).steps['spf-record']?.attempts).toBe(1);
    const raw = (await blob.downloadToBuffer()).toString('utf8');
    expect(raw).toContain(`${half}\n\n{"type":"step.intent"`);
  });

  it('reports damage before the last line, with the intact records', async () => {
    const { store, container } = storeIn();
    const runId = newRunId(new Date('2026-11-26T10:00:00Z'), '5c5c');
    await store.create(runId);
    const blob = (await container.open()).getAppendBlobClient(`runs/${runId}.jsonl`);
    const text = `not a record\n${JSON.stringify(started(runId))}\n`;
    await blob.appendBlock(text, Buffer.byteLength(text));
    const read = await store.read(runId);
    expect(read.records.map((r) => r.type)).toEqual(['run.started']);
    expect(read.damage).toEqual({
      source: expect.stringContaining(`runs/${runId}.jsonl`) as unknown,
      lines: [{ line: 1, bytes: 12, reason: 'not a complete JSON record', afterRecords: 0 }],
    });
    // A damaged start record: the run is not listed, the damage is.
    const { runs, damaged } = await store.list();
    expect(runs).toHaveLength(1);
    expect(damaged).toMatchObject([
      { runId, listed: true, problem: expect.stringMatching(/line 1/) as unknown },
    ]);
  });

  it('redacts registered secrets before they reach the blob', async () => {
    const redactor = new Redactor();
    const secret = 'Zq8~fabrikam-client-secret-value';
    redactor.register(secret);
    const { store, container } = storeIn(redactor);
    const runId = newRunId(new Date('2026-11-26T11:00:00Z'), '1d1d');
    await store.create(runId);
    await store.append(runId, {
      type: 'step.failed',
      at,
      stepId: 'app',
      phase: 'apply',
      error: { code: 'X', message: `leaked ${secret}` },
    });
    const raw = (
      await (await container.open()).getAppendBlobClient(`runs/${runId}.jsonl`).downloadToBuffer()
    ).toString();
    expect(raw).not.toContain(secret);
    expect(raw).toContain('[REDACTED]');
  });

  it('names a missing run plainly', async () => {
    const { store } = storeIn();
    await expect(store.read(newRunId(new Date('2026-11-26T12:00:00Z'), '9999'))).rejects.toThrow(
      /no run .* in azblob:\/\//,
    );
  });
});
