// The sandbox state file: mutations are saved once per event-loop turn (before any client can
// read the answer), unchanged state is not rewritten, and flush/save write synchronously (close,
// crash rehearsal).
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/sandbox/state/store.ts';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'sandbox-store-')), 'state.json');
const onDisk = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { meta: { idCounter: number } };

describe('StateStore saving', () => {
  it('writes a burst of mutations once, at the end of the turn', async () => {
    const file = fileIn();
    const store = new StateStore(4417, file);
    const first = statSync(file).ino;
    const counter = store.state.meta.idCounter;
    store.newObjectId();
    store.saveSoon();
    store.newObjectId();
    store.saveSoon();
    expect(onDisk(file).meta.idCounter).toBe(counter); // not yet: same turn
    await nextTurn();
    expect(onDisk(file).meta.idCounter).toBe(counter + 2);
    const second = statSync(file).ino; // each write is a new file renamed into place
    expect(second).not.toBe(first);
    store.save(); // nothing changed since: no rewrite
    expect(statSync(file).ino).toBe(second);
  });

  it('flush and save write pending changes synchronously (close, crash rehearsal)', () => {
    const file = fileIn();
    const store = new StateStore(4418, file);
    const counter = store.state.meta.idCounter;
    store.newObjectId();
    store.saveSoon();
    store.flush();
    expect(onDisk(file).meta.idCounter).toBe(counter + 1);
    store.newObjectId();
    store.save();
    expect(onDisk(file).meta.idCounter).toBe(counter + 2);
  });

  it('continues from the file it wrote, without rewriting it', () => {
    const file = fileIn();
    const store = new StateStore(4419, file);
    store.newObjectId();
    store.save();
    const written = statSync(file).ino;
    const again = new StateStore(1, file);
    expect(again.state.meta.idCounter).toBe(store.state.meta.idCounter);
    expect(statSync(file).ino).toBe(written);
  });
});
