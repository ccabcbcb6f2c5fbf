// MSI stream names are stored compressed: characters of the set [0-9A-Za-z._] are packed two
// per UTF-16 code unit (0x3800 + low + 64 * high) or one per unit (0x4800 + value), and a table's
// stream is prefixed with 0x4840. Other characters (e.g. U+0005 of "\u0005SummaryInformation")
// are stored as they are.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._';
const PAIR_BASE = 0x3800;
const SINGLE_BASE = 0x4800;
const TABLE_MARK = 0x4840;

export interface MsiStreamName {
  name: string;
  isTable: boolean;
}

export function decodeMsiStreamName(raw: string): MsiStreamName {
  let name = '';
  let isTable = false;
  for (let i = 0; i < raw.length; i++) {
    const unit = raw.charCodeAt(i);
    if (unit === TABLE_MARK && i === 0) {
      isTable = true;
    } else if (unit >= PAIR_BASE && unit < SINGLE_BASE) {
      const value = unit - PAIR_BASE;
      name += (ALPHABET[value & 0x3f] ?? '') + (ALPHABET[value >> 6] ?? '');
    } else if (unit >= SINGLE_BASE && unit < TABLE_MARK) {
      name += ALPHABET[unit - SINGLE_BASE] ?? '';
    } else {
      name += raw[i] ?? '';
    }
  }
  return { name, isTable };
}
