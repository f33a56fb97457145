import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  findFailureCode,
  lookupTroubleshootingHint,
  TROUBLESHOOTING_HINTS,
  UNKNOWN_CODE_HINT,
} from '../../src/report/troubleshooting.js';

describe('TROUBLESHOOTING_HINTS', () => {
  it('has a hint in English and Korean for every code of the troubleshooting guide (docs/api.md, "fail_message")', async () => {
    const reference = await readFile(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const codes = Object.keys(TROUBLESHOOTING_HINTS);
    expect(codes).toHaveLength(12);
    const section = reference.slice(
      reference.indexOf('## fail_message'),
      reference.indexOf('## Discrepancies'),
    );
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((match) => match[1]);
    expect(codes.sort()).toEqual(documented.sort());
    for (const code of codes) {
      expect(TROUBLESHOOTING_HINTS[code]?.en, code).toMatch(/\w{3}/);
      expect(TROUBLESHOOTING_HINTS[code]?.ko, code).toMatch(/[가-힣]/);
    }
  });
});

describe('findFailureCode', () => {
  it.each([
    [null, null],
    ['', null],
    ['  ', null],
    ['DISK_SPACE_SHORTAGE', 'DISK_SPACE_SHORTAGE'],
    [' not_exist_file ', 'NOT_EXIST_FILE'],
    ['Creation failed: OBS_UPLOAD_FAILED (retry)', 'OBS_UPLOAD_FAILED'],
    ['SOMETHING_NEW', 'SOMETHING_NEW'],
  ])('%j → %j', (message, code) => {
    expect(findFailureCode(message)).toBe(code);
  });
});

describe('lookupTroubleshootingHint', () => {
  it('gives the hint of the code in the language asked for', () => {
    expect(lookupTroubleshootingHint('DUPLICATE_USERID', 'en')).toBe(
      TROUBLESHOOTING_HINTS.DUPLICATE_USERID?.en,
    );
    expect(lookupTroubleshootingHint('DUPLICATE_USERID', 'ko')).toBe(
      TROUBLESHOOTING_HINTS.DUPLICATE_USERID?.ko,
    );
  });

  it('lets a template override a hint, also for a code the guide does not know', () => {
    const overrides = { COMMON_ERROR: 'Call the NCLUE team.', MY_CODE: 'Ours.' };
    expect(lookupTroubleshootingHint('COMMON_ERROR', 'en', overrides)).toBe('Call the NCLUE team.');
    expect(lookupTroubleshootingHint('MY_CODE', 'ko', overrides)).toBe('Ours.');
  });

  it('gives the generic hint for an unknown code and nothing without a message', () => {
    expect(lookupTroubleshootingHint('WHATEVER', 'en')).toBe(UNKNOWN_CODE_HINT.en);
    expect(lookupTroubleshootingHint('constructor', 'en')).toBe(UNKNOWN_CODE_HINT.en);
    expect(lookupTroubleshootingHint(null, 'ko')).toBeNull();
  });
});
