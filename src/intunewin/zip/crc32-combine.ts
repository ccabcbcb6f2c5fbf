// CRC-32 of two byte runs joined, from the CRC of each and the second one's length, without the
// bytes: CRC-32 is linear over GF(2), so appending n zero bits is a 32×32 bit matrix, raised to the
// n-th power by repeated squaring (the method of zlib's crc32_combine). The packager uses it for
// the payload entry, whose first bytes (the MAC) are only known after the rest was written.

/** Reflected CRC-32 polynomial (the one zip and zlib use). */
const POLYNOMIAL = 0xedb88320;

function timesVector(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let row = 0; vector !== 0; row += 1, vector >>>= 1) if (vector & 1) sum ^= matrix[row]!;
  return sum >>> 0;
}

function square(matrix: Uint32Array): Uint32Array {
  const squared = new Uint32Array(32);
  for (let row = 0; row < 32; row += 1) squared[row] = timesVector(matrix, matrix[row]!);
  return squared;
}

/** crc32(a ‖ b) from crc32(a), crc32(b) and b's length in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  // The operator for one zero bit, then squared to two, four and eight (one zero byte).
  let operator: Uint32Array = new Uint32Array(32);
  operator[0] = POLYNOMIAL;
  for (let row = 1; row < 32; row += 1) operator[row] = 1 << (row - 1);
  operator = square(square(square(operator)));
  let crc = crcA >>> 0;
  for (let bytes = lengthB; bytes > 0; bytes = Math.floor(bytes / 2)) {
    if (bytes % 2 === 1) crc = timesVector(operator, crc);
    operator = square(operator);
  }
  return (crc ^ crcB) >>> 0;
}
