// Holds the live state and, with a state file, keeps it on disk: loaded at start, saved atomically
// (temp file + rename) after each mutating request so a later process sees whole states only.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { InputError } from '../../errors.ts';
import { seededUuid } from '../ids.ts';
import { seedTenant } from '../seed/tenant.ts';
import type { SandboxState } from './model.ts';

export class StateStore {
  readonly state: SandboxState;

  constructor(
    seed: number,
    private readonly file: string | undefined,
  ) {
    this.state = file !== undefined && existsSync(file) ? loadStateFile(file) : seedTenant(seed);
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

  save(): void {
    if (this.file === undefined) return;
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.file);
  }
}

function loadStateFile(file: string): SandboxState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
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
  return candidate as SandboxState;
}
