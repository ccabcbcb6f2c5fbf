// Splits a journal's bytes into lines and validates each one. It works on bytes, not on decoded
// text, so the offsets where a store cuts off or seals a torn tail are exact even when a damaged
// line holds bytes that are not UTF-8 (decoding would replace them and shift every offset).
import { JournalRecord } from './records.ts';
import type { DamagedLine } from './store.ts';

export interface JournalLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset where the line starts. */
  start: number;
  /** Byte length of the line, without its newline. */
  bytes: number;
  /** Whether a newline ends the line (false only for the last line). */
  terminated: boolean;
  blank: boolean;
  record?: JournalRecord;
  /** Why a line that is not blank is not a record. */
  problem?: string;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function scanLines(bytes: Uint8Array): JournalLine[] {
  const lines: JournalLine[] = [];
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    lines.push(judge(bytes.subarray(start, end), lines.length + 1, start, newline >= 0));
    start = end + 1;
  }
  return lines;
}

function judge(raw: Uint8Array, line: number, start: number, terminated: boolean): JournalLine {
  const place = { line, start, bytes: raw.length, terminated };
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return { ...place, blank: false, problem: 'not UTF-8' };
  }
  if (text.trim() === '') return { ...place, blank: true };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...place, blank: false, problem: 'not a complete JSON record' };
  }
  const parsed = JournalRecord.safeParse(json);
  if (parsed.success) return { ...place, blank: false, record: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  return { ...place, blank: false, problem: `not a valid journal record${where}` };
}

/** Index of the last line that is not blank, or -1. */
export function lastContentIndex(lines: readonly JournalLine[]): number {
  for (let index = lines.length - 1; index >= 0; index -= 1) if (!lines[index]?.blank) return index;
  return -1;
}

export interface SortedLines {
  records: JournalRecord[];
  /** A broken last line: what a crash mid-write leaves. */
  torn?: JournalLine;
  /** Broken lines before the last, each placed after the records read before it. */
  damaged: DamagedLine[];
  /** Whether the last byte is a newline (or there are no bytes): else the next record needs one. */
  endsWithNewline: boolean;
}

/**
 * Sorts a journal's lines the way every store reads them: records, a torn last line, and damage.
 * `skip` lets a store pass over broken lines it knows to be harmless (the blob store's seals).
 */
export function sortLines(
  bytes: Uint8Array,
  skip?: (lines: JournalLine[], index: number) => boolean,
): SortedLines {
  const lines = scanLines(bytes);
  const last = lastContentIndex(lines);
  const sorted: SortedLines = {
    records: [],
    damaged: [],
    endsWithNewline: bytes.length === 0 || bytes[bytes.length - 1] === 0x0a,
  };
  lines.forEach((line, index) => {
    if (line.blank) return;
    if (line.record) sorted.records.push(line.record);
    else if (index === last) sorted.torn = line;
    else if (!skip?.(lines, index))
      sorted.damaged.push({
        line: line.line,
        bytes: line.bytes,
        reason: line.problem ?? 'not a valid journal record',
        afterRecords: sorted.records.length,
      });
  });
  return sorted;
}
