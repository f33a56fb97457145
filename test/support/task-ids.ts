/** Test helpers: well-formed task IDs and the entries the ID reader would make of them. */
import { isValidTaskId, type TaskIdEntry } from '../../src/input/parse-task-ids.js';

/** A valid lower-case UUID that ends in `n`. */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** The IDs as if given as arguments, one per line. */
export function entriesOf(ids: string[]): TaskIdEntry[] {
  return ids.map((id, i) => ({ id, source: 'args', line: i + 1, valid: isValidTaskId(id) }));
}
