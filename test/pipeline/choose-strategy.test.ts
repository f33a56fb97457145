import { describe, expect, it } from 'vitest';
import {
  AUTO_MIN_IDS_TO_LIST,
  computeAutoListBudget,
  computeListBreakEven,
  computeListRequests,
  shouldListRest,
  shouldSendFirstPage,
} from '../../src/pipeline/choose-strategy.js';

describe('computeListRequests', () => {
  it.each([
    [0, 1],
    [1, 1],
    [99, 1],
    [100, 2], // a full first page, then the probe: only a short page ends a listing
    [101, 3],
    [200, 3],
    [201, 4],
    [1_000, 11],
    [10_000, 101],
    [10_001, 102],
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
    [50, 3, false], // a full page whose total is no larger: it may count that page only
    [100, 3, false],
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

  it('counts the GETs that listed tasks lacking fields would need anyway', () => {
    // 101 IDs: listing 10,000 tasks takes 100 more requests, and saves 101 GETs when every item is whole.
    expect(shouldListRest({ total: 10_000, idsStillMissing: 101, lackingShare: 0 })).toBe(true);
    // A tenth of the items lack a field: it saves about 91 GETs, fewer than 100 requests.
    expect(shouldListRest({ total: 10_000, idsStillMissing: 101, lackingShare: 0.1 })).toBe(false);
    expect(shouldListRest({ total: 10_000, idsStillMissing: 200, lackingShare: 0.1 })).toBe(true);
    // Every item lacks one: listing never saves a GET.
    expect(shouldListRest({ total: 1_000, idsStillMissing: 1_000_000, lackingShare: 1 })).toBe(false);
  });
});

describe('computeAutoListBudget', () => {
  it('allows the first page plus one list request per GET it replaces', () => {
    expect(computeAutoListBudget(5)).toBe(6);
    expect(computeAutoListBudget(0)).toBe(2);
  });
});

describe('computeListBreakEven', () => {
  it.each([1, 2])('with %i IDs is the largest account that fits on the first page', (ids) => {
    expect(computeListBreakEven(ids)).toBe(99);
    expect(computeListRequests(99)).toBe(1);
  });

  it.each([3, 10, 101, 5_000])('is the largest account %i IDs are listed for', (ids) => {
    const t = computeListBreakEven(ids);
    expect(shouldListRest({ total: t, idsStillMissing: ids })).toBe(true);
    expect(shouldListRest({ total: t + 1, idsStillMissing: ids })).toBe(false);
  });
});
