// An MSI database opened read-only: its tables by name, decoded through the string pool.
import { InputError } from '../../errors.ts';
import { CompoundFile, type CompoundEntry } from './compound-file.ts';
import { decodeMsiStreamName } from './stream-name.ts';
import { decodeStringPool, type StringPool } from './string-pool.ts';
import {
  columnsByTable,
  COLUMNS_TABLE_COLUMNS,
  decodeTable,
  type ColumnDefinition,
  type Row,
} from './tables.ts';
import { decodeSummaryInformation, type SummaryValue } from './summary-information.ts';

const SUMMARY_STREAM = '\u0005SummaryInformation';

export class MsiDatabase {
  private constructor(
    private readonly compound: CompoundFile,
    private readonly tableStreams: Map<string, CompoundEntry>,
    private readonly otherStreams: Map<string, CompoundEntry>,
    private readonly pool: StringPool,
    private readonly columns: Map<string, ColumnDefinition[]>,
  ) {}

  static async open(path: string): Promise<MsiDatabase> {
    const compound = await CompoundFile.open(path);
    try {
      const tableStreams = new Map<string, CompoundEntry>();
      const otherStreams = new Map<string, CompoundEntry>();
      for (const entry of compound.rootStreams()) {
        const { name, isTable } = decodeMsiStreamName(entry.name);
        (isTable ? tableStreams : otherStreams).set(name, entry);
      }
      const poolEntry = tableStreams.get('_StringPool');
      const dataEntry = tableStreams.get('_StringData');
      const columnsEntry = tableStreams.get('_Columns');
      if (!poolEntry || !dataEntry || !columnsEntry) {
        throw new InputError(
          `${path} is a compound file but not an MSI database (no string pool or _Columns table)`,
        );
      }
      const pool = decodeStringPool(
        await compound.readStream(poolEntry),
        await compound.readStream(dataEntry),
      );
      const columnRows = decodeTable(await compound.readStream(columnsEntry), COLUMNS_TABLE_COLUMNS, pool);
      return new MsiDatabase(compound, tableStreams, otherStreams, pool, columnsByTable(columnRows));
    } catch (error) {
      await compound.close();
      throw error;
    }
  }

  get codepage(): number {
    return this.pool.codepage;
  }

  /** The table's rows; an absent or empty table has none. */
  async table(name: string): Promise<Row[]> {
    const entry = this.tableStreams.get(name);
    const columns = this.columns.get(name);
    if (!entry || !columns) return [];
    return decodeTable(await this.compound.readStream(entry), columns, this.pool);
  }

  async summaryInformation(): Promise<Map<number, SummaryValue>> {
    const entry = this.otherStreams.get(SUMMARY_STREAM);
    return entry ? decodeSummaryInformation(await this.compound.readStream(entry)) : new Map();
  }

  async close(): Promise<void> {
    await this.compound.close();
  }
}
