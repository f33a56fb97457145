import { describe, expect, it } from 'vitest';
import { DISK_SIZE_FORMAT, formatBytes } from '../../src/report/format-bytes.js';

describe('formatBytes', () => {
  it.each([
    [0, '0.0 KB'],
    [1, '0.0 KB'],
    [512, '0.5 KB'],
    [999_949, '999.9 KB'],
    [999_999, '1000.0 KB'], // the unit follows the count, as the workbook's format conditions do
    [1_000_000, '1.0 MB'],
    [42582684, '42.6 MB'], // the Get-task example's disk_usage
    [999_999_999, '1000.0 MB'],
    [1_000_000_000, '1.0 GB'],
    [3758096384, '3.8 GB'],
    [1_234_500_000_000, '1,234.5 GB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('groups the thousands of GB as en-US number formatting does, at every magnitude', () => {
    for (let bytes = 1e9; bytes < 1e22; bytes = bytes * 7.3 + 12_345) {
      const expected = (Math.round((bytes / 1e9) * 10) / 10).toLocaleString('en-US', {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      });
      expect(formatBytes(bytes)).toBe(`${expected} GB`);
    }
    expect(formatBytes(999_999_950_000_000)).toBe('1,000,000.0 GB');
  });

  it('refuses what is no byte count', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => formatBytes(bad)).toThrow(RangeError);
    }
  });

  it('chooses the unit at the same bounds as the workbook’s number format', () => {
    expect(DISK_SIZE_FORMAT).toMatch(/^\[<1000000\]0\.0," KB";\[<1000000000\]0\.0,," MB";#,##0\.0,,," GB"$/);
  });
});
