import { describe, expect, it } from 'vitest';
import { rankAuroc } from '../../src/report/rank-auroc.js';
import { makeRow } from './fixtures/make-row.js';

function ranksOf(aurocs: Array<number | null>): Array<number | null> {
  const rows = aurocs.map((auroc, index) => makeRow({ task_id: `t${index}`, auroc }));
  return rankAuroc(rows).map((row) => row.auroc_rank);
}

describe('rankAuroc', () => {
  it.each([
    [[], []],
    [[0.5], [1]],
    [
      [0.9, 0.8, 0.7],
      [1, 2, 3],
    ],
    [
      [0.7, 0.9, 0.8],
      [3, 1, 2],
    ],
    [
      [0.9, 0.8, 0.8, 0.7],
      [1, 2, 2, 4],
    ], // standard competition ranking
    [
      [0.8, 0.8, 0.8],
      [1, 1, 1],
    ],
    [
      [0.9, 0.9, 0.5],
      [1, 1, 3],
    ],
    [
      [null, 0.6, null, 0.9],
      [null, 2, null, 1],
    ],
    [
      [null, null],
      [null, null],
    ],
    [
      [0, 1, 0],
      [2, 1, 2],
    ],
  ])('%j → %j', (aurocs, expected) => {
    expect(ranksOf(aurocs)).toEqual(expected);
  });

  it('keeps input order and leaves the input rows untouched', () => {
    const rows = [makeRow({ task_id: 'a', auroc: 0.1 }), makeRow({ task_id: 'b', auroc: 0.9 })];
    const ranked = rankAuroc(rows);
    expect(ranked.map((row) => row.task_id)).toEqual(['a', 'b']);
    expect(rows.map((row) => row.auroc_rank)).toEqual([null, null]);
    expect(ranked[0]).not.toBe(rows[0]);
  });

  it('distinguishes values that differ only in the last digits', () => {
    const auroc = 0.7681659649879657;
    const nextDouble = auroc + 2 ** -53; // one unit in the last place above it
    expect(nextDouble).not.toBe(auroc);
    expect(ranksOf([auroc, nextDouble])).toEqual([2, 1]);
  });
});
