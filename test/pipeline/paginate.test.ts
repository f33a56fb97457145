import { describe, expect, it } from 'vitest';
import {
  createPager,
  detectIndexStyle,
  type IndexStyle,
  type PageContent,
  type PageRequest,
  type Pager,
} from '../../src/pipeline/paginate.js';
import { computeListRequests } from '../../src/pipeline/choose-strategy.js';
import { idsOf, makeTasks, servePage } from './list-server.js';

interface Run {
  pager: Pager;
  /** `index` of every request, in the order sent. */
  sent: number[];
  /** Listed tasks in listing order. */
  listed: Array<Record<string, unknown>>;
}

/**
 * Drives a pager like list-tasks.ts does, without I/O: up to `room` requests in flight, each answered
 * from the server state at the moment it is sent, answers digested in order. `beforeSend(n)` may change
 * the server's data before the n-th request (1-based) is answered.
 */
function drive(
  serve: (index: number) => PageContent,
  options: {
    room?: number;
    limit?: number;
    beforeSend?: (n: number) => void;
    maxSteps?: number;
    maxTasks?: number;
  } = {},
): Run {
  const pager = createPager({
    limit: options.limit ?? 100,
    ...(options.maxTasks === undefined ? {} : { maxTasks: options.maxTasks }),
  });
  const sent: number[] = [];
  const listed: Array<Record<string, unknown>> = [];
  const inflight: Array<{ request: PageRequest; page: PageContent }> = [];
  for (let step = 0; step < (options.maxSteps ?? 100_000); step++) {
    for (const request of pager.take((options.room ?? 4) - inflight.length)) {
      sent.push(request.index);
      options.beforeSend?.(sent.length);
      inflight.push({ request, page: serve(request.index) });
    }
    if (pager.done) break;
    const head = inflight.shift();
    if (!head) break;
    for (const { task } of pager.accept(head.request, head.page).added) listed.push(task);
  }
  return { pager, sent, listed };
}

function server(tasks: () => ReadonlyArray<Record<string, unknown>>, style: IndexStyle, limit = 100) {
  return (index: number): PageContent => servePage(tasks(), style, index, limit);
}

describe('detectIndexStyle', () => {
  it.each([
    [99, 100, 'offset'],
    [100, 100, 'offset'],
    [51, 100, 'offset'],
    [50, 100, 'page'],
    [0, 100, 'page'],
    [3, 100, 'page'],
    [0, 0, null],
  ] as const)('%i of %i repeated → %s', (repeated, size, style) => {
    expect(detectIndexStyle(repeated, size)).toBe(style);
  });
});

describe('createPager against a fixed list', () => {
  it.each([
    ['offset', 250, [0, 1, 101, 201]],
    ['page', 250, [0, 1, 2]],
    ['offset', 100, [0, 1]],
    ['page', 100, [0, 1]],
    ['offset', 42, [0]],
    ['offset', 0, [0]],
    ['offset', 101, [0, 1, 101]],
    ['page', 200, [0, 1, 2]],
    ['offset', 200, [0, 1, 101]],
  ] as const)(
    '%s paging of %i tasks sends %j and lists each task once, in order',
    (style, count, expected) => {
      const tasks = makeTasks(0, count);
      const run = drive(server(() => tasks, style));
      expect(run.sent).toEqual(expected);
      expect(idsOf(run.listed)).toEqual(idsOf(tasks));
      expect(run.pager.listed).toBe(count);
      // An empty probe (page number 1 of an account of 100) proves nothing about the style.
      const probeEmpty = style === 'page' && count <= 100;
      expect(run.pager.style).toBe(expected.length === 1 || probeEmpty ? null : style);
      expect(run.pager.stopReason).toBe('short page');
      expect(run.sent.length).toBeLessThanOrEqual(computeListRequests(count));
    },
  );

  it.each(['offset', 'page'] as const)('detects %s paging from the probe', (style) => {
    const tasks = makeTasks(0, 350);
    expect(drive(server(() => tasks, style)).pager.style).toBe(style);
  });

  it.each([
    ['offset', 101],
    ['page', 101],
  ] as const)(
    'lists 10,000 tasks in %s paging with %i requests (≤ computeListRequests)',
    (style, requests) => {
      const tasks = makeTasks(0, 10_000);
      const run = drive(
        server(() => tasks, style),
        { room: 8 },
      );
      expect(run.sent).toHaveLength(requests);
      expect(requests).toBeLessThanOrEqual(computeListRequests(10_000));
      expect(new Set(idsOf(run.listed)).size).toBe(10_000);
      // A full last page proves nothing: only the empty or short page after it ends the listing.
      expect(run.pager.stopReason).toBe('short page');
    },
  );

  it('keeps up to `room` requests in flight once the style is known, one at a time before', () => {
    const tasks = makeTasks(0, 1000);
    const pager = createPager({ limit: 100 });
    expect(pager.take(4)).toEqual([{ index: 0, reread: false }]);
    expect(pager.take(4)).toEqual([]);
    pager.accept({ index: 0, reread: false }, servePage(tasks, 'page', 0, 100));
    expect(pager.take(4)).toEqual([{ index: 1, reread: false }]);
    pager.accept({ index: 1, reread: false }, servePage(tasks, 'page', 1, 100));
    expect(pager.take(4).map((r) => r.index)).toEqual([2, 3, 4, 5]);
    expect(pager.take(4).map((r) => r.index)).toEqual([6, 7, 8, 9]);
    expect(pager.take(4)).toEqual([]);
  });

  it('de-duplicates task IDs case-insensitively and skips tasks without a task_id', () => {
    const pager = createPager({ limit: 3 });
    const accepted = pager.accept(pager.take(1)[0]!, {
      total: 2,
      tasks: [{ task_id: 'ABC' }, { task_id: 'abc' }, { name: 'no id' }],
    });
    expect(accepted.added.map((a) => a.key)).toEqual(['abc']);
    expect(accepted.skipped).toBe(1);
  });
});

describe('createPager against misbehaving servers', () => {
  it('stops when a page adds nothing new (a server that ignores index)', () => {
    const tasks = makeTasks(0, 500);
    const run = drive(() => ({ total: 500, tasks: tasks.slice(0, 100) }));
    expect(run.sent).toEqual([0, 1]);
    expect(run.pager.stopReason).toBe('no new tasks');
    expect(run.listed).toHaveLength(100);
  });

  it('stops on the first short page although total promises more', () => {
    const tasks = makeTasks(0, 250);
    const run = drive((index) => ({ ...servePage(tasks, 'offset', index, 100), total: 1_000_000 }));
    expect(run.pager.stopReason).toBe('short page');
    expect(run.listed).toHaveLength(250);
    expect(run.sent.length).toBeLessThanOrEqual(4 + 3);
  });

  it('stops past maxTasks on a server that never ends, whatever total says', () => {
    // Every page full of new tasks, forever, while total says 300.
    const run = drive((index) => ({ total: 300, tasks: makeTasks(index * 1000, 100) }), {
      maxSteps: 100_000,
      maxTasks: 1000,
    });
    expect(run.pager.done).toBe(true);
    expect(run.pager.stopReason).toBe('max tasks exceeded');
    expect(run.listed).toHaveLength(1000);
    expect(run.pager.listed).toBe(1000);
    expect(run.sent.length).toBeLessThanOrEqual(Math.ceil(1000 / 100) + 2);
    // Pages reached past 300: total counts something else, and is no longer reported.
    expect(run.pager.totalContradicted).toBe(true);
    expect(run.pager.total).toBeNull();
  });

  it('spends the budget derived from maxTasks when each full page adds a single new task', () => {
    let n = 0;
    const run = drive(() => ({ total: 300, tasks: [...makeTasks(0, 99), ...makeTasks(1000 + n++, 1)] }), {
      maxSteps: 100_000,
      maxTasks: 1000,
    });
    expect(run.pager.stopReason).toBe('request budget spent');
    expect(run.sent.length).toBe(Math.ceil(1000 / 100) + 2);
  });

  it('with the default ceiling of 1,000,000 tasks, stops a server of endless new pages at 10,002 requests at most', () => {
    const run = drive((index) => ({ total: 1e9, tasks: makeTasks(index * 100 + 1_000_000, 100) }), {
      maxSteps: 200_000,
      room: 8,
    });
    expect(run.pager.done).toBe(true);
    expect(['max tasks exceeded', 'request budget spent']).toContain(run.pager.stopReason);
    expect(run.pager.listed).toBeLessThanOrEqual(1_000_000);
    expect(run.sent.length).toBeLessThanOrEqual(10_002);
  });

  it('pages one request at a time and stops on a short page when total is absent', () => {
    const tasks = makeTasks(0, 330);
    const run = drive((index) => ({ ...servePage(tasks, 'page', index, 100), total: null }));
    expect(run.sent).toEqual([0, 1, 2, 3]);
    expect(run.listed).toHaveLength(330);
    expect(run.pager.total).toBeNull();
  });
});

describe('createPager when total counts the tasks of the response, not of the account', () => {
  /** A server whose `total` is the number of tasks on the page it answers. */
  const pageTotal = (tasks: ReadonlyArray<Record<string, unknown>>, style: IndexStyle) => (index: number) => {
    const page = servePage(tasks, style, index, 100);
    return { ...page, total: page.tasks.length };
  };

  it.each([
    ['offset', 250, [0, 1, 101, 201]],
    ['page', 250, [0, 1, 2]],
    ['offset', 1000, [0, 1, 101, 201, 301, 401, 501, 601, 701, 801, 901]],
    ['page', 300, [0, 1, 2, 3]],
    ['offset', 100, [0, 1]],
  ] as const)('%s paging of %i tasks lists them all (%j), ignoring total', (style, count, sent) => {
    const tasks = makeTasks(0, count);
    const run = drive(pageTotal(tasks, style), { room: 4 });
    expect(run.sent).toEqual(sent);
    expect(idsOf(run.listed)).toEqual(idsOf(tasks));
    expect(run.pager.stopReason).toBe('short page');
    expect(run.pager.totalContradicted).toBe(true);
    expect(run.pager.total).toBeNull();
    expect(run.pager.served).toBe(count);
  });

  it('keeps total as a hint while no page contradicts it', () => {
    const tasks = makeTasks(0, 250);
    const run = drive(server(() => tasks, 'offset'));
    expect(run.pager.totalContradicted).toBe(false);
    expect(run.pager.total).toBe(250);
    expect(run.pager.served).toBe(250);
  });
});

describe('createPager against an ID listed twice', () => {
  it('counts it once, serves past it, and ends on the short page as usual', () => {
    const tasks = makeTasks(0, 250);
    tasks[180] = { ...tasks[20]! };
    const run = drive(server(() => tasks, 'page'));
    expect(run.pager.stopReason).toBe('short page');
    expect(run.pager.listed).toBe(249);
    expect(run.pager.served).toBe(250);
    expect(run.pager.total).toBe(250);
  });
});

describe('createPager while the account changes', () => {
  it.each([
    ['offset', 4, 4],
    ['page', 4, 4],
    ['offset', 1, 3],
    ['page', 1, 3],
    ['offset', 4, 6],
    ['page', 1, 5],
  ] as const)(
    '%s, %i in flight: lists every task that existed throughout when tasks are deleted before request %i',
    (style, room, when) => {
      let tasks = makeTasks(0, 600);
      const deleted = new Set(idsOf(tasks.slice(10, 25)));
      const run = drive(
        server(() => tasks, style),
        {
          room,
          beforeSend: (n) => {
            if (n === when) tasks = tasks.filter((t) => !deleted.has(String(t.task_id)));
          },
        },
      );
      const listed = idsOf(run.listed);
      expect(new Set(listed).size).toBe(listed.length);
      const survivors = idsOf(makeTasks(0, 600)).filter((id) => !deleted.has(id));
      expect(listed).toEqual(expect.arrayContaining(survivors));
      expect(run.pager.done).toBe(true);
    },
  );

  it.each(['offset', 'page'] as const)('%s: follows a total that grows at the end while paging', (style) => {
    let tasks = makeTasks(0, 250);
    const run = drive(
      server(() => tasks, style),
      {
        room: 1,
        beforeSend: (n) => {
          if (n === 3) tasks = makeTasks(0, 420);
        },
      },
    );
    expect(idsOf(run.listed)).toEqual(idsOf(makeTasks(0, 420)));
    expect(run.pager.total).toBe(420);
  });

  it('offset: tasks created at the start while paging repeat nothing and end the listing', () => {
    let tasks = makeTasks(1000, 400);
    const run = drive(
      server(() => tasks, 'offset'),
      {
        beforeSend: (n) => {
          if (n === 3) tasks = [...makeTasks(0, 30), ...tasks];
        },
      },
    );
    const listed = idsOf(run.listed);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining(idsOf(makeTasks(1000, 400))));
    expect(run.pager.done).toBe(true);
  });
});
