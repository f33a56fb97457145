import { describe, expect, it } from 'vitest';
import type { FieldKind } from '../../src/core/report-field.js';
import { checkNumberFormat } from '../../src/templates/check-number-format.js';

describe('checkNumberFormat', () => {
  it.each<[string, FieldKind]>([
    ['0.0000', 'number'],
    ['#,##0', 'number'],
    ['0.00%', 'number'],
    ['+0.0000;-0.0000;0.0000', 'number'],
    ['[Red]-0.00;[Blue]0.00', 'number'],
    ['0.0 "s"', 'number'],
    ['#,##0 \\B', 'number'],
    ['₩#,##0', 'number'],
    ['0.00E+00', 'number'],
    ['_(#,##0_)', 'number'],
    ['General', 'number'],
    ['yyyy-mm-dd hh:mm:ss', 'date'],
    ['yyyy"년" m"월" d"일"', 'date'],
    ['[$-412]yyyy-mm-dd AM/PM h:mm', 'date'],
    ['d/m/yy h:mm A/P', 'date'],
    ['@', 'text'],
    ['general', 'text'],
  ])('accepts %j for a %s field', (format, kind) => {
    expect(checkNumberFormat(format, kind)).toBeNull();
  });

  it.each<[string, FieldKind, RegExp]>([
    ['', 'number', /empty/],
    ['0'.repeat(256), 'number', /longer than 255/],
    ['0.00 "s', 'number', /never closed/],
    ['[Red0.00', 'number', /without a matching/],
    ['[]0', 'number', /empty \[\]/],
    ['0.00\\', 'number', /needs a character/],
    ['0;0;0;@;0', 'number', /more than 4 sections/],
    ['0.00 km', 'number', /contains "k"/],
    ['yyyy-mm-dd', 'number', /date\/time format, but the field holds a number/],
    ['[h]:mm', 'number', /date\/time format/],
    ['%', 'number', /no digit placeholder/],
    ['0.00', 'date', /no date or time part/],
    ['0.00', 'text', /does not suit a text field/],
    ['yyyy', 'text', /does not suit a text field/],
  ])('rejects %j for a %s field', (format, kind, problem) => {
    expect(checkNumberFormat(format, kind)).toMatch(problem);
  });
});
