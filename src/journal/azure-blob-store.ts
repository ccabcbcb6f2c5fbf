// The shared journal: one append blob per run (`runs/<run-id>.jsonl`) in an Azure Blob Storage
// container, one append block per record. Runners anywhere can show, resume or roll back a run.
// Appends carry the expected append position, so a record lands whole, after the one before it,
// or not at all.
import type { AppendBlobClient } from '@azure/storage-blob';
import { InputError } from '../errors.ts';
import { globalRedactor, type Redactor } from '../redact.ts';
import { codeOf, statusOf, type BlobContainer } from './azure-blob/container.ts';
import { parseBlobJournal, sealPrefix } from './azure-blob/parse.ts';
import type { JournalRecord } from './records.ts';
import { addToList } from './run-list.ts';
import { isRunId } from './run-id.ts';
import type { JournalRead, JournalStore, RunList } from './store.ts';

const RUNS_PREFIX = 'runs/';
/** How many run journals `list` downloads at once. */
const LIST_CONCURRENCY = 8;

export class AzureBlobJournalStore implements JournalStore {
  /** Append position (blob length) per run this process has checked and writes to. */
  private readonly positions = new Map<string, number>();

  constructor(
    private readonly container: BlobContainer,
    private readonly redactor: Redactor = globalRedactor,
  ) {}

  get location(): string {
    return this.container.url;
  }

  blobNameOf(runId: string): string {
    if (!isRunId(runId))
      throw new InputError(`"${runId}" is not a run id (expected e.g. 20261126T061502Z-4f2a)`);
    return `${RUNS_PREFIX}${runId}.jsonl`;
  }

  async create(runId: string): Promise<void> {
    const blob = await this.blob(runId);
    try {
      await blob.create({ conditions: { ifNoneMatch: '*' } });
    } catch (error) {
      if (statusOf(error) === 409) throw new InputError(`run ${runId} already exists in ${this.location}`);
      throw this.container.failure(`create the journal of run ${runId}`, error);
    }
    this.positions.set(runId, 0);
  }

  async append(runId: string, record: JournalRecord): Promise<void> {
    const blob = await this.blob(runId);
    let position = this.positions.get(runId);
    let prefix = '';
    if (position === undefined) {
      // First append from this process: seal a torn tail left by a crashed writer.
      const buffer = await this.download(runId, blob);
      prefix = sealPrefix(parseBlobJournal(buffer, this.describe(runId)));
      position = buffer.length;
    }
    const block = Buffer.from(`${prefix}${JSON.stringify(this.redactor.value(record))}\n`, 'utf8');
    try {
      await blob.appendBlock(block, block.length, { conditions: { appendPosition: position } });
    } catch (error) {
      // A retried append whose first attempt landed fails its position check: it is done.
      if (!(
        codeOf(error) === 'AppendPositionConditionNotMet' && (await this.landed(runId, blob, position, block))
      ))
        throw this.container.failure(`append to the journal of run ${runId}`, error);
    }
    this.positions.set(runId, position + block.length);
  }

  async read(runId: string): Promise<JournalRead> {
    const bytes = await this.download(runId, await this.blob(runId));
    const { records, tornTail, damage } = parseBlobJournal(bytes, this.describe(runId));
    return { records, ...(tornTail ? { tornTail } : {}), ...(damage ? { damage } : {}) };
  }

  async exists(runId: string): Promise<boolean> {
    const blob = await this.blob(runId);
    return this.container.call(`look up run ${runId}`, () => blob.exists());
  }

  async list(): Promise<RunList> {
    const container = await this.container.open();
    const runIds: string[] = [];
    await this.container.call('list runs', async () => {
      for await (const item of container.listBlobsFlat({ prefix: RUNS_PREFIX })) {
        const runId = item.name.slice(RUNS_PREFIX.length, -'.jsonl'.length);
        if (item.name.endsWith('.jsonl') && isRunId(runId)) runIds.push(runId);
      }
    });
    runIds.sort();
    const list: RunList = { runs: [], damaged: [] };
    for (let start = 0; start < runIds.length; start += LIST_CONCURRENCY) {
      const batch = runIds.slice(start, start + LIST_CONCURRENCY);
      const read = await Promise.all(batch.map(async (id) => ({ id, journal: await this.read(id) })));
      for (const { id, journal } of read) addToList(id, journal, list);
    }
    return list;
  }

  private describe(runId: string): string {
    return `${this.location}/${this.blobNameOf(runId)}`;
  }

  private async blob(runId: string): Promise<AppendBlobClient> {
    const name = this.blobNameOf(runId);
    return (await this.container.open()).getAppendBlobClient(name);
  }

  private async download(runId: string, blob: AppendBlobClient): Promise<Buffer> {
    try {
      return await blob.downloadToBuffer();
    } catch (error) {
      if (statusOf(error) === 404) {
        throw new InputError(`no run ${runId} in ${this.location}`, [], {
          hint: 'list runs with `sop-integrate runs` (with the same --journal)',
        });
      }
      throw this.container.failure(`read the journal of run ${runId}`, error);
    }
  }

  private async landed(
    runId: string,
    blob: AppendBlobClient,
    position: number,
    block: Buffer,
  ): Promise<boolean> {
    const bytes = await this.download(runId, blob);
    return bytes.length === position + block.length && bytes.subarray(position).equals(block);
  }
}
