// The MSI string pool: `_StringPool` holds a header (codepage, and bit 31 of it set when string
// references are 3 bytes wide) followed by one (length, refcount) pair of uint16 per string id,
// starting at id 1; `_StringData` holds the strings back to back in the database codepage. A
// string of 64 KiB or more has length 0 and a non-zero refcount, and its 32-bit length in the
// pair that follows.

export interface StringPool {
  codepage: number;
  /** Width in bytes of a string reference in table streams: 2, or 3 in large databases. */
  referenceSize: 2 | 3;
  /** `strings[id]`; id 0 is the null string. */
  strings: string[];
}

const LONG_REFERENCES = 0x80000000;

function decoderFor(codepage: number): TextDecoder {
  const label =
    codepage === 65001
      ? 'utf-8'
      : codepage === 932
        ? 'shift_jis'
        : codepage === 936
          ? 'gbk'
          : codepage === 949
            ? 'euc-kr'
            : codepage === 950
              ? 'big5'
              : codepage === 874 || (codepage >= 1250 && codepage <= 1258)
                ? `windows-${codepage}`
                : 'windows-1252'; // codepage 0 (neutral) and anything unknown: Western, as Windows does
  return new TextDecoder(label);
}

export function decodeStringPool(pool: Buffer, data: Buffer): StringPool {
  const header = pool.length >= 4 ? pool.readUInt32LE(0) : 0;
  const codepage = (header & ~LONG_REFERENCES) >>> 0;
  const decoder = decoderFor(codepage);
  const strings: string[] = [''];
  let offset = 0;
  for (let at = 4; at + 4 <= pool.length; at += 4) {
    let length = pool.readUInt16LE(at);
    const references = pool.readUInt16LE(at + 2);
    if (length === 0 && references !== 0 && at + 8 <= pool.length) {
      at += 4;
      length = pool.readUInt32LE(at);
    }
    strings.push(decoder.decode(data.subarray(offset, offset + length)));
    offset += length;
  }
  return { codepage, referenceSize: header & LONG_REFERENCES ? 3 : 2, strings };
}
