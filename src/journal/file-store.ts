// The default journal store: one JSON-lines file per run, each record fsync'd before append
// resolves, so an intent is on disk before the mutation it announces.
import { constants } from 'node:fs';
import { open, readFile, readdir, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { globalRedactor, type Redactor } from '../redact.ts';
import { makeDirectory } from '../make-dir.ts';
import { sortLines } from './lines.ts';
import { addToList } from './run-list.ts';
import { isRunId } from './run-id.ts';
import type { JournalRecord } from './records.ts';
import type { JournalRead, JournalStore, RunList } from './store.ts';

export const DEFAULT_RUNS_DIR = join('.sop-integrate', 'runs');

interface ParsedJournal extends JournalRead {
  /** Where a torn tail starts; the next append cuts the file back to here. */
  tailStart?: number;
  /** Whether the last byte is a newline (or the file is empty): else the next record needs one. */
  endsWithNewline: boolean;
}

/**
 * Only the last line can be torn by a crash mid-write: it is reported and left out. A broken line
 * before it is damage (a hand edit, a disk fault, a bad copy), reported with the intact records
 * around it so rollback can undo what they prove and name what it cannot account for.
 */
export function parseJournal(bytes: Uint8Array, file: string): ParsedJournal {
  const { records, torn, damaged, endsWithNewline } = sortLines(bytes);
  return {
    records,
    ...(torn ? { tornTail: { line: torn.line, bytes: torn.bytes }, tailStart: torn.start } : {}),
    ...(damaged.length > 0 ? { damage: { source: file, lines: damaged } } : {}),
    endsWithNewline,
  };
}

/** What `read` returns of a parsed journal (without the offsets only `append` needs). */
export function journalRead(parsed: ParsedJournal): JournalRead {
  const { records, tornTail, damage } = parsed;
  return { records, ...(tornTail ? { tornTail } : {}), ...(damage ? { damage } : {}) };
}

export class FileJournalStore implements JournalStore {
  /** Runs whose tail this process has already checked (and repaired) before appending. */
  private readonly checkedTails = new Set<string>();

  constructor(
    readonly dir: string = DEFAULT_RUNS_DIR,
    private readonly redactor: Redactor = globalRedactor,
  ) {}

  get location(): string {
    return this.dir;
  }

  fileOf(runId: string): string {
    if (!isRunId(runId))
      throw new InputError(`"${runId}" is not a run id (expected e.g. 20261126T061502Z-4f2a)`);
    return join(this.dir, `${runId}.jsonl`);
  }

  async create(runId: string): Promise<void> {
    await makeDirectory(this.dir);
    const handle = await open(
      this.fileOf(runId),
      constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
      0o600,
    );
    await handle.close();
    this.checkedTails.add(runId);
  }

  async append(runId: string, record: JournalRecord): Promise<void> {
    const file = this.fileOf(runId);
    let prefix = '';
    if (!this.checkedTails.has(runId)) {
      // An append that never completed did not happen: drop its torn bytes before writing on.
      // A whole record whose newline was lost is kept and ended, so the new one is not glued to it.
      const parsed = parseJournal(await readFile(file), file);
      if (parsed.tailStart !== undefined) await truncate(file, parsed.tailStart);
      else if (!parsed.endsWithNewline) prefix = '\n';
      this.checkedTails.add(runId);
    }
    const line = `${prefix}${JSON.stringify(this.redactor.value(record))}\n`;
    const handle = await open(file, 'a');
    try {
      await handle.write(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async read(runId: string): Promise<JournalRead> {
    const file = this.fileOf(runId);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new InputError(`no run ${runId} in ${this.dir}`, [], {
          hint: 'list runs with `sop-integrate runs`',
        });
      }
      throw error;
    }
    return journalRead(parseJournal(bytes, file));
  }

  async exists(runId: string): Promise<boolean> {
    try {
      await readFile(this.fileOf(runId));
      return true;
    } catch {
      return false;
    }
  }

  async list(): Promise<RunList> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], damaged: [] };
      throw error;
    }
    const runIds = names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -'.jsonl'.length));
    const list: RunList = { runs: [], damaged: [] };
    for (const runId of runIds.filter(isRunId).sort()) {
      let journal: JournalRead;
      try {
        journal = await this.read(runId);
      } catch (error) {
        // One journal that cannot be read (a directory, no permission, removed meanwhile) is
        // reported; it must not hide the others.
        if (error instanceof InputError) continue; // removed since readdir
        const code = (error as NodeJS.ErrnoException).code;
        if (code === undefined) throw error;
        const source = this.fileOf(runId);
        list.damaged.push({
          runId,
          source,
          lines: [],
          problem: `journal ${source} cannot be read (${code})`,
          listed: false,
        });
        continue;
      }
      addToList(runId, journal, list);
    }
    return list;
  }
}
