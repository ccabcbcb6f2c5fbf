// The "\u0005SummaryInformation" stream: an OLE property set (MS-OLEPS). An MSI keeps its
// PackageCode in PID_REVNUMBER (9), platform and languages in PID_TEMPLATE (7), the schema in
// PID_PAGECOUNT (14), source flags in PID_WORDCOUNT (15).

export const PID_CODEPAGE = 1;
export const PID_TITLE = 2;
export const PID_SUBJECT = 3;
export const PID_AUTHOR = 4;
export const PID_TEMPLATE = 7;
export const PID_REVNUMBER = 9;
export const PID_PAGECOUNT = 14;
export const PID_WORDCOUNT = 15;

const VT_I2 = 2;
const VT_I4 = 3;
const VT_LPSTR = 30;

export type SummaryValue = string | number;

function codepageLabel(codepage: number): string {
  if (codepage === 65001) return 'utf-8';
  if (codepage === 874 || (codepage >= 1250 && codepage <= 1258)) return `windows-${codepage}`;
  return 'windows-1252';
}

/** Property id → value for the string and integer properties of the first section. */
export function decodeSummaryInformation(stream: Buffer): Map<number, SummaryValue> {
  const values = new Map<number, SummaryValue>();
  if (stream.length < 48 || stream.readUInt16LE(0) !== 0xfffe) return values;
  const section = stream.readUInt32LE(44);
  if (section + 8 > stream.length) return values;
  const count = stream.readUInt32LE(section + 4);
  const raw: Array<[number, number]> = [];
  for (let i = 0; i < count && section + 16 + 8 * i <= stream.length; i++) {
    raw.push([stream.readUInt32LE(section + 8 + 8 * i), section + stream.readUInt32LE(section + 12 + 8 * i)]);
  }
  // Strings are in the codepage property's codepage, so read that one first.
  const codepageAt = raw.find(([id]) => id === PID_CODEPAGE)?.[1];
  const codepage =
    codepageAt !== undefined && codepageAt + 6 <= stream.length
      ? stream.readInt16LE(codepageAt + 4) & 0xffff
      : 1252;
  const decoder = new TextDecoder(codepageLabel(codepage));
  for (const [id, at] of raw) {
    if (at + 8 > stream.length) continue;
    const type = stream.readUInt32LE(at);
    if (type === VT_I2) values.set(id, stream.readInt16LE(at + 4));
    else if (type === VT_I4) values.set(id, stream.readInt32LE(at + 4));
    else if (type === VT_LPSTR) {
      const length = stream.readUInt32LE(at + 4);
      const bytes = stream.subarray(at + 8, Math.min(at + 8 + length, stream.length));
      const end = bytes.indexOf(0);
      values.set(id, decoder.decode(end === -1 ? bytes : bytes.subarray(0, end)));
    }
  }
  return values;
}
