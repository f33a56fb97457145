import { describe, expect, it } from 'vitest';
import { computeDomain, renderAurocChartSvg, truncateToUnits } from '../../src/writers/chart-svg.js';

const TEXT = { title: 'AUROC', subtitle: null, description: 'AUROC chart', empty: 'none yet' };
const STYLE = { fontFamily: 'Noto Sans KR', omitPictographs: true };

describe('renderAurocChartSvg', () => {
  it('draws one bar per task, longest for the best, with the value at its end', () => {
    const { svg, width, height } = renderAurocChartSvg(
      {
        bars: [
          { label: 'best', taskId: 'a', auroc: 0.9 },
          { label: 'worst', taskId: 'b', auroc: 0.6 },
        ],
        total: 2,
      },
      TEXT,
      STYLE,
    );
    expect(width).toBe(800);
    expect(svg).toContain(`viewBox="0 0 800 ${height}"`);
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="18"/g)].map(
      (match) => Number(match[1]),
    );
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeGreaterThan(widths[1] ?? Infinity);
    expect(svg).toContain('>0.9000</text>');
    expect(svg).toContain('>0.6000</text>');
  });

  it('drops emoji for the bundled font and names an emoji-only task by its ID', () => {
    const { svg } = renderAurocChartSvg(
      {
        bars: [
          { label: '🛒 장바구니 🚀', taskId: 'a', auroc: 0.8 },
          { label: '🚀', taskId: 'only-emoji', auroc: 0.7 },
        ],
        total: 2,
      },
      TEXT,
      STYLE,
    );
    expect(svg).toContain('text-anchor="end">장바구니</text>');
    expect(svg).toContain('text-anchor="end">only-emoji</text>');
    expect(svg).toContain('<title>🛒 장바구니 🚀 (a): 0.8</title>');
  });

  it('keeps the axis at 0.5–1 whatever out-of-range AUROC a task has', () => {
    for (const auroc of [1e5, 1e6, 1e7, 1e300, -1e7]) {
      const { svg } = renderAurocChartSvg(
        {
          bars: [
            { label: 'absurd', taskId: 'a', auroc },
            { label: 'fine', taskId: 'b', auroc: 0.8 },
          ],
          total: 2,
        },
        TEXT,
        STYLE,
      );
      const ticks = [...svg.matchAll(/text-anchor="middle">([\d.]+)<\/text>/g)].map((m) => m[1]);
      expect(ticks).toEqual(['0.5', '0.6', '0.7', '0.8', '0.9', '1.0']);
      expect(svg.length).toBeLessThan(10_000);
    }
  });

  it('says so when no task has an AUROC', () => {
    expect(renderAurocChartSvg({ bars: [], total: 0 }, TEXT, STYLE).svg).toContain('>none yet</text>');
  });
});

describe('computeDomain', () => {
  it.each([
    [
      [0.6, 0.9],
      [0.5, 1],
    ],
    [
      [0.42, 0.9],
      [0.4, 1],
    ],
    [[0.1], [0.1, 1]],
    [
      [0.5, 1.3],
      [0.5, 1],
    ],
    [
      [0.7, 1e7, -3],
      [0.5, 1],
    ],
    [[1e7], [0.5, 1]],
    [
      [0, 0.9],
      [0, 1],
    ],
  ])('%j → %j', (values, expected) => {
    const [low, high] = computeDomain(values);
    expect(low).toBeCloseTo(expected[0] ?? NaN, 12);
    expect(high).toBeCloseTo(expected[1] ?? NaN, 12);
  });
});

describe('truncateToUnits', () => {
  it.each([
    ['short', 10, 'short'],
    ['a'.repeat(12), 10, `${'a'.repeat(9)}…`],
    ['가나다라마바', 8, '가나다…'],
    ['two\nlines  here', 20, 'two lines here'],
    ['ab👍🏽cd', 4, 'ab…'], // an emoji keeps its skin-tone modifier or goes whole
    ['ab👍🏽cd', 5, 'ab👍🏽…'],
  ])('%j in %d units → %j', (text, units, expected) => {
    expect(truncateToUnits(text, units)).toBe(expected);
  });
});
