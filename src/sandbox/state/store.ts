// Holds the live state and, with a state file, keeps it on disk: loaded at start, saved atomically
// (temp file + rename) so a later process sees whole states only. Mutating requests ask for a
// save once per turn of the event loop (saveSoon): it runs before any client can read the answer
// (a reply is read on a later turn), so read-after-write across processes holds, while a burst of
// mutations in one turn writes once. A crash rehearsal and close() flush synchronously.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { InputError } from '../../errors.ts';
import { seededUuid } from '../ids.ts';
import { seedTenant } from '../seed/tenant.ts';
import type { SandboxState } from './model.ts';

export class StateStore {
  readonly state: SandboxState;
  /** What the file holds now: a save that would write the same text is skipped. */
  private written: string | undefined;
  private pending: NodeJS.Immediate | undefined;

  constructor(
    seed: number,
    private readonly file: string | undefined,
  ) {
    if (file !== undefined && existsSync(file)) {
      const loaded = loadStateFile(file);
      this.state = loaded.state;
      this.written = loaded.text;
    } else {
      this.state = seedTenant(seed);
    }
    this.save();
  }

  /** A fresh deterministic object id (GUID) for something created at run time. */
  newObjectId(): string {
    this.state.meta.idCounter += 1;
    return seededUuid(this.state.seed, `object:${this.state.meta.idCounter}`);
  }

  /** A fresh label for opaque ids (assignments), unique within this state. */
  nextLabel(): string {
    this.state.meta.idCounter += 1;
    return `object:${this.state.meta.idCounter}`;
  }

  snapshot(): SandboxState {
    return structuredClone(this.state);
  }

  /** Write the state now (synchronously): before a crash rehearsal kills the process, on close. */
  save(): void {
    this.cancelPending();
    if (this.file === undefined) return;
    // Compact JSON: the file is read by the sandbox and by diffs, not by people, and is written
    // after every mutation, so its size is the cost.
    const text = `${JSON.stringify(this.state)}\n`;
    if (text === this.written) return;
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, text, { mode: 0o600 });
    renameSync(temp, this.file);
    this.written = text;
  }

  /** A mutation was applied: save at the end of this turn of the event loop (once per turn). */
  saveSoon(): void {
    if (this.file === undefined || this.pending !== undefined) return;
    this.pending = setImmediate(() => {
      this.pending = undefined;
      this.save();
    });
  }

  /** Write what saveSoon still holds; nothing when everything is on disk. */
  flush(): void {
    if (this.pending !== undefined) this.save();
  }

  private cancelPending(): void {
    if (this.pending === undefined) return;
    clearImmediate(this.pending);
    this.pending = undefined;
  }
}

function loadStateFile(file: string): { state: SandboxState; text: string } {
  let parsed: unknown;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new InputError(
      `Sandbox state file ${file} is not valid JSON`,
      [{ file, message: 'not valid JSON' }],
      {
        hint: 'Delete the file to start from a fresh seeded tenant.',
        cause,
      },
    );
  }
  const candidate = parsed as Partial<SandboxState> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.version !== 1 ||
    typeof candidate.directory !== 'object' ||
    typeof candidate.identity !== 'object'
  ) {
    throw new InputError(
      `Sandbox state file ${file} is not a version 1 sandbox state`,
      [{ file, message: 'unexpected shape' }],
      { hint: 'Delete the file to start from a fresh seeded tenant.' },
    );
  }
  return { state: candidate as SandboxState, text };
}
