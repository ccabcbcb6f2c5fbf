// Reads a run journal kept in an append blob. Each record is one append block, so a record is
// whole or absent; a torn record can still come from a writer that split one, and append blobs
// cannot be truncated. So the store seals a torn line instead: the next block starts with a
// newline that ends it and an empty line that marks it as sealed. A sealed line is skipped; any
// other broken line before the end is corruption, exactly as in the file store.
import { InputError } from '../../errors.ts';
import { JournalRecord } from '../records.ts';
import type { JournalRead } from '../store.ts';

export interface ParsedBlobJournal extends JournalRead {
  /** Torn lines sealed by a later append (skipped). */
  sealedLines: number[];
  /** Whether the blob's bytes end with a newline (decides the seal prefix). */
  endsWithNewline: boolean;
}

export function parseBlobJournal(text: string, name: string): ParsedBlobJournal {
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  const sealedLines: number[] = [];
  const endsWithNewline = text === '' || text.endsWith('\n');
  let tornTail: JournalRead['tornTail'];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (record) {
      records.push(record);
      continue;
    }
    const isLast = index === lines.length - 1 || (index === lines.length - 2 && lines.at(-1) === '');
    if (isLast) {
      tornTail = { line: index + 1, bytes: Buffer.byteLength(line, 'utf8') };
    } else if (lines[index + 1] === '') {
      sealedLines.push(index + 1);
    } else {
      throw new InputError(`journal ${name} is corrupt at line ${index + 1}`, [
        { file: name, line: index + 1, message: 'not a valid journal record' },
      ]);
    }
  }
  return { records, ...(tornTail ? { tornTail } : {}), sealedLines, endsWithNewline };
}

/** What the next block must start with so a torn tail is sealed off (see the file comment). */
export function sealPrefix(parsed: ParsedBlobJournal): string {
  if (!parsed.tornTail) return '';
  return parsed.endsWithNewline ? '\n' : '\n\n';
}

function parseRecord(line: string): JournalRecord | undefined {
  try {
    const parsed = JournalRecord.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
