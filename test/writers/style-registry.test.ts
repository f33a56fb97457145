import { describe, expect, it } from 'vitest';
import { StyleRegistry, type CellStyle } from '../../src/writers/xlsx-package/styles.js';

describe('StyleRegistry.cellStyle', () => {
  const variants: CellStyle[] = [
    {},
    { font: { name: 'Calibri', size: 11 } },
    { font: { name: 'Calibri', size: 12 } },
    { font: { name: 'Calibri', size: 11, bold: true } },
    { font: { name: 'Calibri', size: 11, color: 'FF9C0006' } },
    { font: { name: 'Malgun Gothic', size: 11 } },
    { fill: 'FFFFC7CE' },
    { numFmt: '0.0000' },
    { numFmt: '[h]:mm:ss' },
    { alignment: { horizontal: 'left' } },
    { alignment: { vertical: 'top' } },
    { alignment: { wrapText: true } },
    {
      font: { name: 'Calibri', size: 11 },
      fill: 'FFFFC7CE',
      numFmt: '0.0000',
      alignment: { horizontal: 'left' },
    },
  ];

  it('gives every distinct style its own index and an equal style, however built, the same one', () => {
    const styles = new StyleRegistry();
    const indexes = variants.map((style) => styles.cellStyle(style));
    // Calibri 11 is the workbook's default font, so it and no style at all are one format: index 0.
    expect(indexes[0]).toBe(0);
    expect(indexes[1]).toBe(0);
    expect(new Set(indexes).size).toBe(variants.length - 1);
    // Fresh objects with the same fields (and `bold: false` for no bold) find the same index.
    const again = variants.map((style) => styles.cellStyle(structuredClone(style)));
    expect(again).toEqual(indexes);
    expect(styles.cellStyle({ font: { name: 'Calibri', size: 11, bold: false } })).toBe(indexes[1]);
  });

  it('writes each distinct cell format once into styles.xml', () => {
    const styles = new StyleRegistry();
    for (let i = 0; i < 1000; i++)
      styles.cellStyle({ font: { name: 'Calibri', size: 11 }, numFmt: '0.0000' });
    const xml = styles.renderXml();
    expect(xml.match(/<cellXfs count="(\d+)">/)?.[1]).toBe('2');
  });
});
