import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/report/format-bytes.js';

const KIB = 1024;
const MIB = KIB ** 2;
const GIB = KIB ** 3;
const TIB = KIB ** 4;
const PIB = KIB ** 5;
const EIB = KIB ** 6;

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1048575, '1.0 MiB'], // 1023.999 KiB would round to 1024.0 KiB
    [1048524, '1023.9 KiB'],
    [MIB, '1.0 MiB'],
    [42582684, '40.6 MiB'], // the Get-task example's disk_usage
    [GIB - 1, '1.0 GiB'],
    [GIB, '1.0 GiB'],
    [Math.round(2.25 * GIB), '2.3 GiB'],
    [TIB, '1.0 TiB'],
    [PIB, '1.0 PiB'],
    [Number.MAX_SAFE_INTEGER, '8.0 PiB'],
    [EIB, '1.0 EiB'],
    [2048 * EIB, '2048.0 EiB'], // no unit above EiB
  ])('%d bytes → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects %d', (bytes) => {
    expect(() => formatBytes(bytes)).toThrow(RangeError);
  });
});
