/** Test helpers: a list of tasks served the way `GET /tasks` would serve it, in either index style. */
import type { TransportRequest, TransportResponse } from '../../src/client/transport.js';
import type { IndexStyle } from '../../src/pipeline/paginate.js';
import { json } from '../support/fake-transport.js';
import { uuid } from '../support/task-ids.js';

/** Completed tasks with every field a row needs, so that a listing of them needs no GET. */
export function makeTasks(from: number, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    task_id: uuid(from + i),
    task_name: `task ${from + i}`,
    status: 'completed',
    AUROC: 0.75,
    line_count: 1000,
    disk_usage: 4096,
    fail_message: null,
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

/** The `index` and `limit` of a list request's query. */
export function pageQuery(url: URL): { index: number; limit: number } {
  return { index: Number(url.searchParams.get('index')), limit: Number(url.searchParams.get('limit')) };
}

/** Answers list requests with pages of `tasks` in page style, and any other request with `other`. */
export function servePagesOr(
  tasks: ReadonlyArray<Record<string, unknown>>,
  other: (req: TransportRequest) => TransportResponse,
): (req: TransportRequest) => TransportResponse {
  return (req) => {
    const url = new URL(req.url);
    if (url.search === '') return other(req);
    const { index, limit } = pageQuery(url);
    return json(200, servePage(tasks, 'page', index, limit));
  };
}

export function idsOf(tasks: Iterable<Record<string, unknown>>): string[] {
  return Array.from(tasks, (t) => String(t.task_id));
}
