import { describe, expect, it } from 'vitest';
import { dedupeTaskIds, isValidTaskId, parseTaskIdText } from '../../src/input/parse-task-ids.js';

const A = 'f5aebc0c-0000-4000-8000-b201bc64b1c9';
const B = '0ccc59f9-1111-4222-8333-7837ae76d046';

describe('isValidTaskId', () => {
  it.each([A, A.toUpperCase(), '00000000-0000-0000-0000-000000000000'])('accepts %s', (id) => {
    expect(isValidTaskId(id)).toBe(true);
  });
  it.each([
    '',
    'not-a-task-id',
    '../../etc/passwd',
    `${A}?x=1`,
    ` ${A}`,
    `${A}0`,
    'f5aebc0c0000400080000b201bc64b1c9',
    'g5aebc0c-0000-4000-8000-b201bc64b1c9',
    `${A}/../x`,
    'f5aebc0c-0000-4000-8000-b201bc64b1c\u0665',
  ])('rejects %j', (id) => {
    expect(isValidTaskId(id)).toBe(false);
  });
});

describe('parseTaskIdText', () => {
  it('skips blanks and comments, trims, tolerates BOM and CRLF', () => {
    const text = `\uFEFF# monthly list\r\n\r\n  ${A}  \r\n\t# indented comment\r\n${B}\r\n`;
    expect(parseTaskIdText(text, 'ids.txt')).toEqual([
      { id: A, source: 'ids.txt', line: 3, valid: true },
      { id: B, source: 'ids.txt', line: 5, valid: true },
    ]);
  });

  it('keeps invalid lines as invalid entries', () => {
    expect(parseTaskIdText(`${A}\nhello world\n`, 'x')).toEqual([
      { id: A, source: 'x', line: 1, valid: true },
      { id: 'hello world', source: 'x', line: 2, valid: false },
    ]);
  });

  it('reads the task_id column of a CSV with a header row', () => {
    const text = `task_name,"Task_ID",status\r\n"이름, 하나",${A},completed\n"multi\nline",${B},failed\n,,\n`;
    const entries = parseTaskIdText(text, 'export.csv');
    expect(entries.map((e) => e.id)).toEqual([A, B]);
    expect(entries.every((e) => e.valid)).toBe(true);
  });

  it('reads a one-column CSV whose header is task_id', () => {
    expect(parseTaskIdText(`task_id\n${A}\n`, 'x').map((e) => e.id)).toEqual([A]);
  });

  it('does not mistake a plain list for a CSV', () => {
    expect(parseTaskIdText(`${A}\n${B}`, 'x')).toHaveLength(2);
  });
});

describe('dedupeTaskIds', () => {
  it('keeps the first occurrence, compares UUIDs case-insensitively, and warns', () => {
    const entries = parseTaskIdText(`${A}\n${B}\n${A.toUpperCase()}\nbad\nbad\n`, 'ids');
    const { entries: unique, warnings } = dedupeTaskIds(entries);
    expect(unique.map((e) => e.id)).toEqual([A, B, 'bad']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('line 3');
    expect(warnings[0]).toContain('line 1');
  });
});
