// The default journal store: one JSON-lines file per run, each record fsync'd before append
// resolves, so an intent is on disk before the mutation it announces.
import { constants } from 'node:fs';
import { mkdir, open, readFile, readdir, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { globalRedactor, type Redactor } from '../redact.ts';
import { JournalRecord } from './records.ts';
import { replay } from './replay.ts';
import type { JournalRead, JournalStore, RunSummary } from './store.ts';
import { isRunId } from './run-id.ts';

export const DEFAULT_RUNS_DIR = join('.sop-integrate', 'runs');

interface ParsedJournal extends JournalRead {
  /** Byte length of the intact part; appends truncate a torn tail back to here. */
  intactBytes: number;
}

export function parseJournal(text: string, file: string): ParsedJournal {
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  let offset = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const isLast = index === lines.length - 1 || (index === lines.length - 2 && lines.at(-1) === '');
    const bytes = Buffer.byteLength(line, 'utf8');
    if (line.trim() === '') {
      offset += bytes + 1;
      continue;
    }
    const record = parseLine(line);
    if (record) {
      records.push(record);
      offset += bytes + 1;
      continue;
    }
    // A crash mid-write can only cut the last line; anything broken earlier is corruption.
    if (isLast) return { records, tornTail: { line: index + 1, bytes }, intactBytes: offset };
    throw new InputError(`journal ${file} is corrupt at line ${index + 1}`, [
      { file, line: index + 1, message: 'not a valid journal record' },
    ]);
  }
  return { records, intactBytes: Buffer.byteLength(text, 'utf8') };
}

function parseLine(line: string): JournalRecord | undefined {
  try {
    const parsed = JournalRecord.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
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
    await mkdir(this.dir, { recursive: true });
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
    if (!this.checkedTails.has(runId)) {
      // An append that never completed did not happen: drop its torn bytes before writing on.
      const parsed = parseJournal(await readFile(file, 'utf8'), file);
      if (parsed.tornTail) await truncate(file, parsed.intactBytes);
      this.checkedTails.add(runId);
    }
    const line = `${JSON.stringify(this.redactor.value(record))}\n`;
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
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new InputError(`no run ${runId} in ${this.dir}`, [], {
          hint: 'list runs with `sop-integrate runs`',
        });
      }
      throw error;
    }
    const { records, tornTail } = parseJournal(text, file);
    return tornTail ? { records, tornTail } : { records };
  }

  async exists(runId: string): Promise<boolean> {
    try {
      await readFile(this.fileOf(runId));
      return true;
    } catch {
      return false;
    }
  }

  async list(): Promise<RunSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const runIds = names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -'.jsonl'.length));
    const summaries: RunSummary[] = [];
    for (const runId of runIds.filter(isRunId).sort()) {
      const summary = summarizeRun(runId, await this.read(runId));
      if (summary) summaries.push(summary);
    }
    return summaries;
  }
}

export function summarizeRun(runId: string, journal: JournalRead): RunSummary | undefined {
  const state = replay(journal.records);
  const started = state.started;
  if (!started) return undefined;
  return {
    runId,
    integration: started.integration,
    phase: started.phase,
    tenantId: started.tenantId,
    startedAt: started.startedAt,
    status: state.status,
    stepsDone: state.doneOrder.length,
    stepsTotal: started.plan.steps.length,
    ...(journal.tornTail ? { tornTail: journal.tornTail } : {}),
  };
}
