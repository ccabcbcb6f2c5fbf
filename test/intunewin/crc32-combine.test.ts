// crc32Combine: the CRC of two runs joined, from their CRCs and the second run's length, must be
// exactly zlib's CRC of the joined bytes (the packager patches the payload's MAC in front last).
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Combine } from '../../src/intunewin/zip/crc32-combine.ts';

describe('crc32Combine', () => {
  it.each([
    [0, 5],
    [5, 0],
    [1, 1],
    [32, 1_000],
    [32, 100_003],
    [7, 3 * 1024 * 1024 + 17],
  ])('joins %i and %i bytes', (lengthA, lengthB) => {
    const a = randomBytes(lengthA);
    const b = randomBytes(lengthB);
    expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
  });

  it('matches a known value: "123456789" split after "1234"', () => {
    const combined = crc32Combine(crc32('1234'), crc32('56789'), 5);
    expect(combined.toString(16)).toBe('cbf43926'); // the CRC-32 check value
  });
});
