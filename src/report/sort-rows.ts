import type { SortKey } from '../core/template-types.js';
import { toEpochMs } from './parse-wall-clock.js';
import { fieldKind, type FieldValue, type ReportField } from '../core/report-field.js';

/**
 * Text order that is the same on every machine: Unicode collation for English with numbers compared
 * by value (`task 2` before `task 10`), case ignored; Hangul sorts in dictionary order (가, 나, 다).
 */
const TEXT_COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * New array of the rows in the template's sort order: each key compares by the field's kind (numbers
 * by value, dates by instant, text by TEXT_COLLATOR); empty values go last whatever the direction;
 * rows that tie on every key keep their input order (Array.prototype.sort is stable).
 */
export function sortRows<Row>(
  rows: readonly Row[],
  keys: readonly SortKey[],
  read: (row: Row, field: ReportField) => FieldValue,
): Row[] {
  if (keys.length === 0) {
    return [...rows];
  }
  const comparators = keys.map((key) => createComparator(key, read));
  return [...rows].sort((a, b) => {
    for (const compare of comparators) {
      const order = compare(a, b);
      if (order !== 0) {
        return order;
      }
    }
    return 0;
  });
}

function createComparator<Row>(
  key: SortKey,
  read: (row: Row, field: ReportField) => FieldValue,
): (a: Row, b: Row) => number {
  const sign = key.direction === 'desc' ? -1 : 1;
  const kind = fieldKind(key.field);
  const toSortable = (value: FieldValue): number | string | null => {
    if (value === null || value === '') {
      return null;
    }
    if (kind === 'date' && typeof value === 'string') {
      return toEpochMs(value) ?? value;
    }
    return value;
  };
  return (a, b) => {
    const left = toSortable(read(a, key.field));
    const right = toSortable(read(b, key.field));
    if (left === null || right === null) {
      return left === right ? 0 : left === null ? 1 : -1;
    }
    if (typeof left === 'number' && typeof right === 'number') {
      return sign * (left - right);
    }
    if (typeof left === 'number' || typeof right === 'number') {
      // A date that parses sorts before one that does not.
      return typeof left === 'number' ? -1 : 1;
    }
    return sign * TEXT_COLLATOR.compare(left, right);
  };
}
