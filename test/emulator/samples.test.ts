import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFaults, readTaskData } from '../../src/emulator/index.js';

/**
 * The edge-case task data in test/fixtures/edge (once the bundled samples) is a contract: the CLI,
 * compare and config tests rely on these facts. The bundled samples' monthly story is checked in
 * monthly-samples.test.ts.
 */
const edge = (name: string) => fileURLToPath(new URL(`../fixtures/edge/${name}`, import.meta.url));

const GET_TASK_FIELDS = [
  'task_id',
  'task_name',
  'status',
  'created_at',
  'completed_at',
  'train_feature_id',
  'train_feature_name',
  'train_bucket',
  'train_file_path',
  'test_feature_id',
  'test_feature_name',
  'test_bucket',
  'test_file_path',
  'AUROC',
  'line_count',
  'disk_usage',
  'fail_message',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const API_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

type Task = Record<string, unknown>;
let tasks: Task[];
const byName = (name: string) => tasks.find((t) => t.task_name === name);
beforeAll(async () => {
  tasks = await readTaskData(edge('tasks.json'));
});

describe('test/fixtures/edge/tasks.json', () => {
  it('holds at least 36 tasks with unique lower-case UUIDs and exactly the Get-task fields', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(36);
    expect(new Set(tasks.map((t) => t.task_id)).size).toBe(tasks.length);
    for (const task of tasks) {
      expect(task.task_id).toMatch(UUID);
      const expected =
        'completed_at' in task ? GET_TASK_FIELDS : GET_TASK_FIELDS.filter((f) => f !== 'completed_at');
      expect(Object.keys(task)).toEqual(expected);
      expect(task.created_at).toMatch(API_TIME);
      if (typeof task.completed_at === 'string') expect(task.completed_at).toMatch(API_TIME);
    }
  });

  it('covers every status and the alternative spelling "complete"', () => {
    const statuses = new Set(tasks.map((t) => t.status));
    for (const s of ['registered', 'pending', 'in_progress', 'completed', 'failed', 'complete']) {
      expect(statuses).toContain(s);
    }
  });

  it('has no AUROC or completion time on unfinished tasks; one omits completed_at entirely', () => {
    const unfinished = tasks.filter((t) =>
      ['registered', 'pending', 'in_progress'].includes(t.status as string),
    );
    for (const task of unfinished) {
      expect(task.AUROC).toBeNull();
      expect(task.completed_at ?? null).toBeNull();
    }
    expect(unfinished.some((t) => !('completed_at' in t))).toBe(true);
    for (const task of tasks.filter((t) => t.status === 'failed')) expect(task.AUROC).toBeNull();
  });

  it('carries AUROC as 16-digit strings and as numbers, with one tie and one "N/A"', () => {
    const done = tasks.filter((t) => t.status === 'completed' || t.status === 'complete');
    expect(
      done.filter((t) => typeof t.AUROC === 'string' && /^0\.\d{16}$/.test(t.AUROC)).length,
    ).toBeGreaterThan(3);
    expect(done.filter((t) => typeof t.AUROC === 'number').length).toBeGreaterThan(3);
    expect(done.filter((t) => t.AUROC === 'N/A')).toHaveLength(1);
    const counts = new Map<unknown, number>();
    for (const t of done) counts.set(t.AUROC, (counts.get(t.AUROC) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([['0.8042315567812291', 2]]);
  });

  it('has one failed task per known fail_message code', () => {
    const codes = tasks.filter((t) => t.status === 'failed').map((t) => t.fail_message);
    for (const code of [
      'COMMON_ERROR',
      'DISK_SPACE_SHORTAGE',
      'DUPLICATE_USERID',
      'LIMIT_ERROR_MID_LENGTH',
      'NOT_EXIST_FILE',
      'NUM_OF_LABEL_INSUFFICIENT',
      'OBS_DOWNLOAD_FAILED',
      'OBS_UPLOAD_FAILED',
      'UNEXPECTED_LABEL',
    ]) {
      expect(codes).toContain(code);
    }
    expect(tasks.filter((t) => t.status !== 'failed').every((t) => t.fail_message === null)).toBe(true);
  });

  it('spans disk_usage from null and 0 through B, KiB, MiB and GiB', () => {
    const sizes = tasks.map((t) => t.disk_usage);
    expect(sizes).toContain(null);
    expect(sizes).toContain(0);
    const numbers = sizes.filter((s): s is number => typeof s === 'number');
    expect(numbers.every((n) => Number.isSafeInteger(n))).toBe(true);
    for (const [low, high] of [
      [1, 1024],
      [1024, 1024 ** 2],
      [1024 ** 2, 1024 ** 3],
      [1024 ** 3, 1024 ** 4],
    ]) {
      expect(numbers.some((n) => n >= (low as number) && n < (high as number))).toBe(true);
    }
    expect(numbers.some((n) => n > 2 ** 31)).toBe(true);
  });

  it('has test features on some tasks and null on others', () => {
    expect(tasks.some((t) => typeof t.test_feature_id === 'string')).toBe(true);
    expect(tasks.some((t) => t.test_feature_id === null && t.test_feature_name === null)).toBe(true);
  });

  it('has Korean, emoji and formula-like task names', () => {
    for (const name of [
      '2024년 11월 구매예측 모델',
      '=1+2',
      '+82-10-1234-5678',
      '-2+3',
      '@SUM(A1:A2)',
      '=HYPERLINK("http://example.invalid","x")',
      '＝1+1 전각 등호',
      '🛒 장바구니 추천 모델 🚀',
    ]) {
      expect(byName(name), name).toBeDefined();
    }
    expect(tasks.some((t) => (t.task_name as string).startsWith('\t'))).toBe(true);
    expect(tasks.some((t) => /^ +=/.test(t.task_name as string))).toBe(true);
    expect(
      tasks.some(
        (t) =>
          /,/.test(t.task_name as string) &&
          /"/.test(t.task_name as string) &&
          /\n/.test(t.task_name as string),
      ),
    ).toBe(true);
  });
});

describe('test/fixtures/edge/task-ids.txt', () => {
  it('has the documented mix: 31 known ids, one upper-case, one duplicate, one unknown UUID, one invalid line', async () => {
    const text = await readFile(edge('task-ids.txt'), 'utf8');
    expect(text).not.toContain('\r');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^# /);
    expect(lines.some((l) => l === '')).toBe(true);

    const entries = lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    const known = new Set(tasks.map((t) => t.task_id));
    const valid = entries.filter((e) => UUID.test(e.toLowerCase()));
    const invalid = entries.filter((e) => !UUID.test(e.toLowerCase()));
    const unique = new Set(valid.map((e) => e.toLowerCase()));

    expect(invalid).toEqual(['../../etc/passwd']);
    expect(valid.filter((e) => e !== e.toLowerCase())).toHaveLength(1);
    expect(valid.length - unique.size).toBe(1);
    expect([...unique].filter((id) => !known.has(id))).toEqual(['d2ea7bb8-6012-476f-985f-2e3c029484b2']);
    expect([...unique].filter((id) => known.has(id))).toHaveLength(31);
  });
});

describe('test/fixtures/edge/task-ids.csv', () => {
  it('starts with the console header and names known tasks', async () => {
    const text = await readFile(edge('task-ids.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('task_id,task_name,status');
    const ids = [...text.matchAll(/^([0-9a-f-]{36}),/gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const known = new Set(tasks.map((t) => t.task_id));
    expect(ids.every((id) => known.has(id))).toBe(true);
  });
});

describe('test/fixtures/edge/faults.json', () => {
  it('is a valid faults map for tasks in tasks.json', async () => {
    const faults = parseFaults(JSON.parse(await readFile(edge('faults.json'), 'utf8')));
    const known = new Set(tasks.map((t) => t.task_id));
    expect(Object.keys(faults).length).toBeGreaterThan(0);
    expect(Object.keys(faults).every((id) => known.has(id))).toBe(true);
  });
});
