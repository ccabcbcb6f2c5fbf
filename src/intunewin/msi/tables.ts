// Reads MSI tables. Table streams are column-major: all rows of column 1, then of column 2, and
// so on. Column types come from `_Columns` (whose own layout is fixed): strings are string-pool
// references, integers are stored with their sign bit flipped (so 0 means null), binary (stream)
// columns are 2 bytes, temporary columns are not stored.
import type { StringPool } from './string-pool.ts';

export type CellValue = string | number | null;
export type Row = Record<string, CellValue>;

export interface ColumnDefinition {
  name: string;
  type: number;
}

const TYPE_STRING = 0x0800;
const TYPE_VALID = 0x0100;
const TYPE_NULLABLE = 0x1000;
const TYPE_TEMPORARY = 0x4000;

function isBinary(type: number): boolean {
  return (type & ~TYPE_NULLABLE) === (TYPE_STRING | TYPE_VALID);
}

function widthOf(type: number, referenceSize: number): number {
  if (type & TYPE_TEMPORARY) return 0;
  if (isBinary(type)) return 2;
  if (type & TYPE_STRING) return referenceSize;
  return (type & 0xff) <= 2 ? 2 : 4;
}

function readCell(data: Buffer, at: number, type: number, width: number, pool: StringPool): CellValue {
  if (isBinary(type)) return data.readUInt16LE(at) === 0 ? null : '[binary]';
  if (type & TYPE_STRING) {
    const id = data.readUInt16LE(at) + (width === 3 ? data.readUInt8(at + 2) << 16 : 0);
    return id === 0 ? null : (pool.strings[id] ?? null);
  }
  if (width === 2) {
    const raw = data.readUInt16LE(at);
    return raw === 0 ? null : raw - 0x8000;
  }
  const raw = data.readUInt32LE(at);
  return raw === 0 ? null : raw - 0x80000000;
}

export function decodeTable(data: Buffer, columns: ColumnDefinition[], pool: StringPool): Row[] {
  const widths = columns.map((column) => widthOf(column.type, pool.referenceSize));
  const rowSize = widths.reduce((sum, width) => sum + width, 0);
  if (rowSize === 0) return [];
  const rowCount = Math.floor(data.length / rowSize);
  const rows: Row[] = Array.from({ length: rowCount }, () => ({}));
  let columnStart = 0;
  columns.forEach((column, index) => {
    const width = widths[index] ?? 0;
    if (width === 0) return;
    rows.forEach((row, rowIndex) => {
      row[column.name] = readCell(data, columnStart + rowIndex * width, column.type, width, pool);
    });
    columnStart += rowCount * width;
  });
  return rows;
}

/** `_Columns` is described by itself: Table (string), Number (i2), Name (string), Type (i2). */
export const COLUMNS_TABLE_COLUMNS: ColumnDefinition[] = [
  { name: 'Table', type: TYPE_STRING | TYPE_VALID | 64 },
  { name: 'Number', type: 0x0502 },
  { name: 'Name', type: TYPE_STRING | TYPE_VALID | 64 },
  { name: 'Type', type: 0x0502 },
];

/** Column definitions per table, in column order, from the decoded `_Columns` rows. */
export function columnsByTable(columnRows: Row[]): Map<string, ColumnDefinition[]> {
  const byTable = new Map<string, Array<ColumnDefinition & { number: number }>>();
  for (const row of columnRows) {
    if (typeof row['Table'] !== 'string' || typeof row['Name'] !== 'string') continue;
    const list = byTable.get(row['Table']) ?? [];
    list.push({ name: row['Name'], number: Number(row['Number']), type: Number(row['Type']) });
    byTable.set(row['Table'], list);
  }
  return new Map(
    [...byTable].map(([table, list]) => [
      table,
      list.sort((a, b) => a.number - b.number).map(({ name, type }) => ({ name, type })),
    ]),
  );
}
