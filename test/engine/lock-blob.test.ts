import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobLeaseLockStore, lockBlobNameOf } from '../../src/engine/lock-blob.ts';
import { RefusedError } from '../../src/errors.ts';
import { BlobContainer } from '../../src/journal/azure-blob/container.ts';
import { parseJournalLocation } from '../../src/journal/azure-blob/location.ts';
import { Redactor } from '../../src/redact.ts';
import { AZURITE_ACCOUNT, startAzurite, type Azurite } from '../journal/azure-blob-azurite.ts';

const TENANT = 'c0ffee00-5eed-4a11-9c3e-2f6a8e0d1b44';
let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(() => azurite?.stop());

let count = 0;
function containerIn(): BlobContainer {
  count += 1;
  const location = parseJournalLocation(
    `azblob://${AZURITE_ACCOUNT}/fabrikam-locks-${count}`,
    azurite.connectionString,
  );
  return new BlobContainer({ location, redactor: new Redactor() });
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
}

const holder = (runId: string, pid = process.pid) => ({
  runId,
  pid,
  host: hostname(),
  startedAt: '2026-11-26T06:15:02.000Z',
});

describe('BlobLeaseLockStore (Azurite)', () => {
  it('refuses a second holder by name, and frees the lock on release', async () => {
    const container = containerIn();
    const first = new BlobLeaseLockStore(container);
    const second = new BlobLeaseLockStore(container);
    const held = await first.acquire(TENANT, 'proofpoint', holder('20261126T061502Z-aaaa'));
    expect(held.file).toContain(lockBlobNameOf(TENANT, 'proofpoint'));

    const refusal = await second
      .acquire(TENANT, 'proofpoint', holder('20261126T061600Z-bbbb'))
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RefusedError);
    expect(refusal).toMatchObject({ code: 'REFUSED_LOCKED' });
    expect((refusal as RefusedError).message).toContain('run 20261126T061502Z-aaaa');
    expect((refusal as RefusedError).message).toContain(`pid ${process.pid} on ${hostname()}`);
    expect(await second.read(TENANT, 'proofpoint')).toMatchObject({
      runId: '20261126T061502Z-aaaa',
      stale: false,
    });
    // Another integration of the same tenant is not affected.
    const other = await second.acquire(TENANT, 'ninjaone', holder('20261126T061600Z-bbbb'));
    await other.release();

    await held.release();
    expect(await second.read(TENANT, 'proofpoint')).toBeUndefined();
    const next = await second.acquire(TENANT, 'proofpoint', holder('20261126T061700Z-cccc'));
    expect(await first.read(TENANT, 'proofpoint')).toMatchObject({ runId: '20261126T061700Z-cccc' });
    await next.release();
  });

  it('refuses to break a live holder on this host, breaks a dead one', async () => {
    const store = new BlobLeaseLockStore(containerIn());
    const live = await store.acquire(TENANT, 'proofpoint', holder('20261126T061502Z-1111'));
    await expect(store.break(TENANT, 'proofpoint')).rejects.toMatchObject({ code: 'REFUSED_LOCKED' });
    await live.release();

    const dead = await store.acquire(TENANT, 'proofpoint', holder('20261126T050000Z-dead', deadPid()));
    expect(await store.read(TENANT, 'proofpoint')).toMatchObject({ stale: true });
    const refusal = await store
      .acquire(TENANT, 'proofpoint', holder('20261126T061502Z-2222'))
      .catch((e: unknown) => e);
    expect((refusal as RefusedError).message).toMatch(/lock is stale/);
    expect(await store.break(TENANT, 'proofpoint')).toMatchObject({ runId: '20261126T050000Z-dead' });
    expect(await store.read(TENANT, 'proofpoint')).toBeUndefined();
    expect(await store.break(TENANT, 'proofpoint')).toBeUndefined();
    const taken = await store.acquire(TENANT, 'proofpoint', holder('20261126T061502Z-3333'));
    await dead.release(); // the broken holder's release must not free the new holder's lock
    expect(await store.read(TENANT, 'proofpoint')).toMatchObject({ runId: '20261126T061502Z-3333' });
    await taken.release();
  });

  it('renews the lease while held and reports when it was lost', async () => {
    const container = containerIn();
    const lost: unknown[] = [];
    const store = new BlobLeaseLockStore(container, { renewEveryMs: 50, onLost: (e) => lost.push(e) });
    const held = await store.acquire(TENANT, 'proofpoint', holder('20261126T050000Z-dead', deadPid()));
    const blob = (await container.open()).getBlockBlobClient(lockBlobNameOf(TENANT, 'proofpoint'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lost).toEqual([]);
    expect((await blob.getProperties()).leaseState).toBe('leased');
    await store.break(TENANT, 'proofpoint');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lost.length).toBeGreaterThan(0);
    await held.release();
  });
});
