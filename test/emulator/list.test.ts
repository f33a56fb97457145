import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseListQuery, selectTaskPage } from '../../src/emulator/task-list.js';
import { createEmulatorStarter } from '../support/emulators.js';
import { CREDENTIALS, createFakeClock, createHttp, makeTask } from './http.js';

const TASKS = Array.from({ length: 25 }, (_, i) => makeTask(`task-${String(i).padStart(2, '0')}`));
const idsOf = (body: unknown) => (body as { tasks: Array<{ task_id: string }> }).tasks.map((t) => t.task_id);

const clock = createFakeClock();
const http = createHttp(clock);
const { start, closeAll } = createEmulatorStarter({ tasks: TASKS, credentials: CREDENTIALS, now: clock.now });
afterEach(closeAll);
afterAll(() => http.close());

describe('GET /tasks with offset pagination (default)', () => {
  it('treats index as an item offset', async () => {
    const emulator = await start();
    const reply = await http.send(emulator, '/api/v1/tasks?index=3&limit=2');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = reply.json() as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['index', 'limit', 'total', 'tasks']);
    expect(body).toMatchObject({ index: 3, limit: 2, total: 25 });
    expect(idsOf(body)).toEqual(['task-03', 'task-04']);
    expect((body.tasks as unknown[])[0]).toEqual(TASKS[3]);
  });

  it('defaults to index 0 and limit 20', async () => {
    const emulator = await start();
    const body = (await http.send(emulator, '/api/v1/tasks')).json();
    expect(body).toMatchObject({ index: 0, limit: 20, total: 25 });
    expect(idsOf(body)).toHaveLength(20);
  });

  it('returns a short last page and an empty page past the end', async () => {
    const emulator = await start();
    expect(idsOf((await http.send(emulator, '/api/v1/tasks?index=20&limit=100')).json())).toHaveLength(5);
    expect(idsOf((await http.send(emulator, '/api/v1/tasks?index=25&limit=10')).json())).toEqual([]);
  });

  it('reports the new total after setTasks while a client pages', async () => {
    const emulator = await start();
    expect((await http.send(emulator, '/api/v1/tasks?index=0&limit=10')).json()).toMatchObject({ total: 25 });
    emulator.setTasks(TASKS.slice(0, 12));
    const body = (await http.send(emulator, '/api/v1/tasks?index=10&limit=10')).json();
    expect(body).toMatchObject({ total: 12 });
    expect(idsOf(body)).toEqual(['task-10', 'task-11']);
  });
});

describe("GET /tasks with 'page' pagination", () => {
  it('treats index as a page number', async () => {
    const emulator = await start({ pagination: 'page' });
    const body = (await http.send(emulator, '/api/v1/tasks?index=1&limit=2')).json();
    expect(body).toMatchObject({ index: 1, limit: 2, total: 25 });
    expect(idsOf(body)).toEqual(['task-02', 'task-03']);
    expect(idsOf((await http.send(emulator, '/api/v1/tasks?index=2&limit=10')).json())).toHaveLength(5);
  });
});

describe('GET /tasks with total counting the page (--total page)', () => {
  it('answers total as the number of tasks in the response', async () => {
    const emulator = await start({ total: 'page' });
    expect((await http.send(emulator, '/api/v1/tasks?index=0&limit=10')).json()).toMatchObject({ total: 10 });
    expect((await http.send(emulator, '/api/v1/tasks?index=20&limit=10')).json()).toMatchObject({ total: 5 });
    expect((await http.send(emulator, '/api/v1/tasks?index=30&limit=10')).json()).toMatchObject({ total: 0 });
  });
});

describe('GET /tasks with list items lacking fields (--list-omit)', () => {
  it('leaves the keys out of every list item (absent, not null), and GET /tasks/{id} keeps them', async () => {
    const emulator = await start({ listOmit: ['AUROC', 'fail_message'] });
    const body = (await http.send(emulator, '/api/v1/tasks?index=0&limit=3')).json() as {
      tasks: Array<Record<string, unknown>>;
    };
    for (const task of body.tasks) {
      expect(Object.hasOwn(task, 'AUROC')).toBe(false);
      expect(Object.hasOwn(task, 'fail_message')).toBe(false);
      expect(task.line_count).toBe(93734);
    }
    const one = (await http.send(emulator, '/api/v1/tasks/task-01')).json() as Record<string, unknown>;
    expect(one).toEqual(TASKS[1]);
  });
});

describe('GET /tasks query validation', () => {
  it.each([
    ['limit=0', /limit/],
    ['limit=101', /limit/],
    ['limit=abc', /limit/],
    ['limit=', /limit/],
    ['limit=2.5', /limit/],
    ['index=-1', /index/],
    ['index=1.5', /index/],
    ['index=%201', /index/],
  ])('answers ?%s with 400 Bad Request', async (query, details) => {
    const emulator = await start();
    const reply = await http.send(emulator, `/api/v1/tasks?${query}`);
    expect(reply.status).toBe(400);
    const body = reply.json() as { error: { errorCode: string; message: string; details: string } };
    expect(body.error).toMatchObject({ errorCode: '100', message: 'Bad Request Exception' });
    expect(body.error.details).toMatch(details);
  });

  it('accepts the bounds limit=1 and limit=100', async () => {
    const emulator = await start();
    expect(idsOf((await http.send(emulator, '/api/v1/tasks?limit=1')).json())).toEqual(['task-00']);
    expect(idsOf((await http.send(emulator, '/api/v1/tasks?limit=100&index=0')).json())).toHaveLength(25);
  });
});

describe('pure list helpers', () => {
  it('parseListQuery applies defaults and rejects non-integers', () => {
    expect(parseListQuery(new URLSearchParams(''))).toEqual({ ok: true, index: 0, limit: 20 });
    expect(parseListQuery(new URLSearchParams('index=7&limit=100'))).toEqual({
      ok: true,
      index: 7,
      limit: 100,
    });
    expect(parseListQuery(new URLSearchParams('limit=1e2')).ok).toBe(false);
  });

  it('selectTaskPage slices by offset or by page', () => {
    const tasks = TASKS.slice(0, 5);
    expect(selectTaskPage(tasks, 1, 2, 'offset').tasks).toEqual(tasks.slice(1, 3));
    expect(selectTaskPage(tasks, 1, 2, 'page').tasks).toEqual(tasks.slice(2, 4));
    expect(selectTaskPage(tasks, 9, 2, 'page')).toEqual({ index: 9, limit: 2, total: 5, tasks: [] });
  });
});
