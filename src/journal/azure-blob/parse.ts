// Reads a run journal kept in an append blob. Each record is one append block, so a record is
// whole or absent; a torn record can still come from a writer that split one, and append blobs
// cannot be truncated. So the store seals a torn line instead: the next block starts with a
// newline that ends it and an empty line that marks it as sealed. A sealed line is skipped; any
// other broken line before the end is damage, reported exactly as in the file store.
import { lastContentIndex, scanLines, type JournalLine } from '../lines.ts';
import type { JournalRecord } from '../records.ts';
import type { DamagedLine, JournalRead } from '../store.ts';

export interface ParsedBlobJournal extends JournalRead {
  /** Torn lines sealed by a later append (skipped). */
  sealedLines: number[];
  /** Whether the blob's bytes end with a newline (decides the seal prefix). */
  endsWithNewline: boolean;
}

export function parseBlobJournal(bytes: Uint8Array, name: string): ParsedBlobJournal {
  const lines = scanLines(bytes);
  const last = lastContentIndex(lines);
  const records: JournalRecord[] = [];
  const sealedLines: number[] = [];
  const damaged: DamagedLine[] = [];
  let torn: JournalLine | undefined;
  lines.forEach((line, index) => {
    if (line.blank) return;
    if (line.record) records.push(line.record);
    else if (index === last) torn = line;
    else if (line.terminated && lines[index + 1]?.bytes === 0) sealedLines.push(line.line);
    else
      damaged.push({
        line: line.line,
        bytes: line.bytes,
        reason: line.problem ?? 'not a valid journal record',
        afterRecords: records.length,
      });
  });
  return {
    records,
    ...(torn ? { tornTail: { line: torn.line, bytes: torn.bytes } } : {}),
    ...(damaged.length > 0 ? { damage: { source: name, lines: damaged } } : {}),
    sealedLines,
    endsWithNewline: bytes.length === 0 || bytes[bytes.length - 1] === 0x0a,
  };
}

/**
 * What the next block must start with: a seal for a torn tail (see the file comment), or the
 * newline a whole last record lacks, so the new record is never glued onto the line before it.
 */
export function sealPrefix(parsed: ParsedBlobJournal): string {
  if (parsed.tornTail) return parsed.endsWithNewline ? '\n' : '\n\n';
  return parsed.endsWithNewline ? '' : '\n';
}
