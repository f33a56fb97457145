import { describe, expect, it } from 'vitest';
import { checkSheetName } from '../../src/templates/check-sheet-name.js';

describe('checkSheetName', () => {
  it.each(['Tasks', '태스크', 'Changes (2026)', 'a'.repeat(31), "it's"])('accepts %j', (name) => {
    expect(checkSheetName(name)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['a'.repeat(32), /longer than 31/],
    ['a/b', /"\/"/],
    ['a:b', /":"/],
    ['[x]', /"\["/],
    ['what?', /"\?"/],
    ["'quoted'", /apostrophe/],
    ['tab\there', /control character/],
    ['History', /reserves/],
    ['history', /reserves/],
  ])('rejects %j', (name, problem) => {
    expect(checkSheetName(name)).toMatch(problem);
  });
});
