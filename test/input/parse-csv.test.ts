import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { MAX_CSV_RECORD_CHARS, parseCsv } from '../../src/input/parse-csv.js';
import { parseTaskIdText } from '../../src/input/parse-task-ids.js';
import { parsePreviousCsv } from '../../src/history/parse-previous-csv.js';

const A = 'f5aebc0c-0000-4000-8000-b201bc64b1c9';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, embedded newlines and CRLF', () => {
    expect(parseCsv('a,"b ""q"", c"\r\n"x\ny",z').map((r) => r.fields)).toEqual([
      ['a', 'b "q", c'],
      ['x\ny', 'z'],
    ]);
  });

  it('drops the BOM, skips empty lines and gives each record the line it starts on', () => {
    const records = parseCsv('\uFEFFh1,h2\r\n\r\n"multi\nline",x\nlast,y\n');
    expect(records).toEqual([
      { fields: ['h1', 'h2'], line: 1 },
      { fields: ['multi\nline', 'x'], line: 3 },
      { fields: ['last', 'y'], line: 5 },
    ]);
  });

  it('keeps records of different lengths and a quote inside an unquoted field', () => {
    expect(parseCsv('a,b,c\nsay 5" wide\n').map((r) => r.fields)).toEqual([['a', 'b', 'c'], ['say 5" wide']]);
  });

  it('refuses a record past the cap with an error naming the source and the cap', () => {
    const text = `task_id,name\n${A},"${'x'.repeat(2_000)}"\n`;
    expect(() => parseCsv(text, '--ids big.csv', { maxRecordChars: 1_000 })).toThrow(UsageError);
    expect(() => parseCsv(text, '--ids big.csv', { maxRecordChars: 1_000 })).toThrow(
      /--ids big\.csv line \d+: a CSV record is longer than 1,000 characters \(the cap\)/,
    );
  });

  it('has a default cap of 1 MiB: a field just over it is refused, one under it is read', () => {
    const under = `"${'x'.repeat(MAX_CSV_RECORD_CHARS - 10)}"\n`;
    expect(parseCsv(under)[0]?.fields[0]).toHaveLength(MAX_CSV_RECORD_CHARS - 10);
    const over = `"${'x'.repeat(MAX_CSV_RECORD_CHARS + 10)}"\n`;
    expect(() => parseCsv(over, 'f.csv')).toThrow(/longer than 1,048,576 characters \(the cap\)/);
  });

  it('refuses a record with more fields than allowed', () => {
    expect(() => parseCsv('a,b,c,d\n', 'f.csv', { maxColumns: 3 })).toThrow(
      /f\.csv line 1: a CSV record has 4 fields, more than the 3 allowed/,
    );
  });

  it('says where a quoted field is never closed', () => {
    expect(() => parseCsv('a,b\n"open,x\n', 'f.csv')).toThrow(/f\.csv.*quoted CSV field is never closed/);
  });
});

describe('a huge CSV field is a clear error, not an out-of-memory crash', () => {
  it('in an ID file with a task_id column', () => {
    const text = `task_id,note\n${A},"${'n'.repeat(MAX_CSV_RECORD_CHARS + 1)}"\n`;
    expect(() => parseTaskIdText(text, 'ids.csv')).toThrow(
      /ids\.csv line 2: a CSV record is longer than 1,048,576 characters \(the cap\)/,
    );
  });

  it('in a --compare CSV report', () => {
    const text = `task_id,auroc,task_name\n${A},0.5,"${'n'.repeat(MAX_CSV_RECORD_CHARS + 1)}"\n`;
    expect(() =>
      parsePreviousCsv(text, 'last.csv', (header) =>
        header === 'task_id' || header === 'auroc' ? header : null,
      ),
    ).toThrow(/--compare last\.csv line 2: a CSV record is longer than 1,048,576 characters \(the cap\)/);
  });
});
