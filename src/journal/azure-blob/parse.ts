// Reads a run journal kept in an append blob. Each record is one append block, so a record is
// whole or absent; a torn record can still come from a writer that split one, and append blobs
// cannot be truncated. So the store seals a torn line instead: the next block starts with a
// newline that ends it and an empty line that marks it as sealed. A sealed line is skipped; any
// other broken line before the end is damage, reported exactly as in the file store.
import { sortLines, type JournalLine } from '../lines.ts';
import type { JournalRead } from '../store.ts';

export interface ParsedBlobJournal extends JournalRead {
  /** Torn lines sealed by a later append (skipped). */
  sealedLines: number[];
  /** Whether the blob's bytes end with a newline (decides the seal prefix). */
  endsWithNewline: boolean;
}

export function parseBlobJournal(bytes: Uint8Array, name: string): ParsedBlobJournal {
  const sealedLines: number[] = [];
  // A torn line ended by a later block's newline and followed by the empty marker line is sealed.
  const sealed = (lines: JournalLine[], index: number): boolean => {
    const line = lines[index];
    if (!line?.terminated || lines[index + 1]?.bytes !== 0) return false;
    sealedLines.push(line.line);
    return true;
  };
  const { records, torn, damaged, endsWithNewline } = sortLines(bytes, sealed);
  return {
    records,
    ...(torn ? { tornTail: { line: torn.line, bytes: torn.bytes } } : {}),
    ...(damaged.length > 0 ? { damage: { source: name, lines: damaged } } : {}),
    sealedLines,
    endsWithNewline,
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
