// Runbooks are UTF-8. Invalid bytes are refused with the place they sit at, instead of being
// silently replaced by U+FFFD and turning a domain name or a GUID into something else.
import type { Problem } from '../errors.ts';

export type DecodeResult = { ok: true; text: string } | { ok: false; problem: Problem };

export function decodeUtf8(file: string, bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
    const line = countNewlines(bytes, offset) + 1;
    const col = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
    const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
    return {
      ok: false,
      problem: {
        file,
        line,
        col,
        message:
          `file is not valid UTF-8: byte 0x${byte} at byte offset ${offset} cannot start or continue a character; ` +
          're-save the runbook as UTF-8',
      },
    };
  }
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) count++;
  return count;
}

/** Offset where the first broken UTF-8 sequence starts (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const length = sequenceLength(lead);
    if (length === 0) return i;
    const [low, high] = secondByteRange(lead);
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}

function sequenceLength(lead: number): number {
  if (lead <= 0x7f) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}
