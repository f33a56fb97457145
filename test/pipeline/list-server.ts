/** Test helpers: a list of tasks served the way `GET /tasks` would serve it, in either index style. */
import type { IndexStyle } from '../../src/pipeline/paginate.js';

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export function makeTasks(from: number, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    task_id: uuid(from + i),
    task_name: `task ${from + i}`,
    status: 'completed',
  }));
}

/** One page as the emulator's selectTaskPage would answer it. */
export function servePage(
  tasks: ReadonlyArray<Record<string, unknown>>,
  style: IndexStyle,
  index: number,
  limit: number,
): { total: number; tasks: Array<Record<string, unknown>> } {
  const start = style === 'page' ? index * limit : index;
  return { total: tasks.length, tasks: tasks.slice(start, start + limit) };
}

export function idsOf(tasks: Iterable<Record<string, unknown>>): string[] {
  return Array.from(tasks, (t) => String(t.task_id));
}
