import { describe, expect, it } from 'vitest';
import {
  AUTO_MIN_IDS_TO_LIST,
  computeListBreakEven,
  computeListRequests,
  shouldListRest,
  shouldSendFirstPage,
} from '../../src/pipeline/choose-strategy.js';

describe('computeListRequests', () => {
  it.each([
    [0, 1],
    [1, 1],
    [100, 1],
    [101, 2],
    [200, 3],
    [201, 3],
    [1_000, 11],
    [10_000, 101],
    [10_001, 101],
    [100_000, 1_001],
  ])('%i tasks → %i requests at most', (total, requests) => {
    expect(computeListRequests(total)).toBe(requests);
  });
});

describe('shouldSendFirstPage', () => {
  it.each([
    ['auto', 0, false],
    ['auto', 1, false],
    ['auto', AUTO_MIN_IDS_TO_LIST - 1, false],
    ['auto', AUTO_MIN_IDS_TO_LIST, true],
    ['auto', 10_000, true],
    ['get', 10_000, false],
    ['list', 1, true],
    ['list', 0, false],
  ] as const)('%s with %i IDs to fetch → %s', (strategy, ids, expected) => {
    expect(shouldSendFirstPage(strategy, ids)).toBe(expected);
  });
});

describe('shouldListRest', () => {
  it.each([
    // total, IDs the first page did not bring, list the rest?
    [50, 3, true],
    [250, 3, false], // 3 more list requests vs 3 GETs: a tie goes to GET
    [250, 4, true],
    [10_000, 100, false],
    [10_000, 101, true],
    [1_000_000, 5_000, false],
    [null, 10_000, false],
  ] as const)('total %s, %i IDs missing → %s', (total, missing, expected) => {
    expect(shouldListRest({ total, idsStillMissing: missing })).toBe(expected);
  });

  it('never lists when the first page already brought every requested ID', () => {
    expect(shouldListRest({ total: 5_000, idsStillMissing: 0 })).toBe(false);
  });
});

describe('computeListBreakEven', () => {
  it.each([1, 2, 3, 10, 101, 5_000])('is the largest account %i IDs are listed for', (ids) => {
    const t = computeListBreakEven(ids);
    expect(shouldListRest({ total: t, idsStillMissing: ids })).toBe(true);
    expect(shouldListRest({ total: t + 1, idsStillMissing: ids })).toBe(false);
  });
});
