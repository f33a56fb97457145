import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmulator,
  parseFaults,
  readTaskData,
  SAMPLE_ACCESS_KEY,
  SAMPLE_SECRET_KEY,
} from '../../src/emulator/index.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { parseTaskIdText } from '../../src/input/parse-task-ids.js';
import { ROOT, runCli, SAMPLES } from '../support/cli.js';

/**
 * The bundled samples (made by scripts/make-samples.mjs) tell one story: twelve model families retrained
 * monthly from August to November 2026; the November report, compared with October, shows improvements,
 * one clear regression, one failed retrain, one new model and one family not retrained. The demo, the
 * README pictures and the docs rely on these facts. The hostile edge cases live in test/fixtures/edge.
 */
const run = promisify(execFile);

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
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const API_TIME = /^2026-(08|09|10|11)-\d{2}T\d{2}:\d{2}:\d{2}$/;
const EN_MONTHS = ['Aug', 'Sep', 'Oct', 'Nov'];
const EN_LONG = ['August', 'September', 'October', 'November'];

/**
 * Each family and the one period-marker style of its names; the match gives the month (8–11) and, for
 * the full-date styles, the day. Every style the monthly-report matcher must understand appears once.
 */
const FAMILIES: Array<{ family: string; pattern: RegExp; month: (m: RegExpMatchArray) => number }> = [
  { family: 'purchase', pattern: /^구매예측 모델 2026-(\d{2})$/, month: (m) => Number(m[1]) },
  { family: 'churn', pattern: /^churn-model-2026(\d{2})$/, month: (m) => Number(m[1]) },
  {
    family: 'ltv',
    pattern: /^(?:LTV forecast|고객 생애가치\(LTV\) 예측) 2026\.(\d{2})$/,
    month: (m) => Number(m[1]),
  },
  { family: 'coupon', pattern: /^coupon_response_2026_(\d{2})$/, month: (m) => Number(m[1]) },
  { family: 'credit', pattern: /^Credit risk scorecard 2026\/(\d{2})$/, month: (m) => Number(m[1]) },
  { family: 'dormant', pattern: /^휴면 고객 예측 \((\d{1,2})월\)$/, month: (m) => Number(m[1]) },
  { family: 'ad-conversion', pattern: /^광고 전환 예측 (\d{1,2})월$/, month: (m) => Number(m[1]) },
  { family: 'reco-click', pattern: /^추천 클릭 예측 2026년 (\d{1,2})월$/, month: (m) => Number(m[1]) },
  {
    family: 'fraud',
    pattern: /^Fraud detection (Aug|Sep|Oct|Nov) 2026$/,
    month: (m) => 8 + EN_MONTHS.indexOf(m[1] ?? ''),
  },
  {
    family: 'demand',
    pattern: /^Demand forecast - (August|September|October|November) 2026$/,
    month: (m) => 8 + EN_LONG.indexOf(m[1] ?? ''),
  },
  { family: 'delivery-delay', pattern: /^배송 지연 예측 2026-(\d{2})-(\d{2})$/, month: (m) => Number(m[1]) },
  { family: 'upsell', pattern: /^Upsell propensity 2026(\d{2})(\d{2})$/, month: (m) => Number(m[1]) },
];

type Task = Record<string, unknown> & {
  task_id: string;
  task_name: string;
  status: string;
  created_at: string;
};
let tasks: Task[];
const monthOf = (task: Task) => Number(task.created_at.slice(5, 7));
const familyOf = (task: Task) => {
  const found = FAMILIES.filter((f) => f.pattern.test(task.task_name));
  expect(found, task.task_name).toHaveLength(1);
  return found[0]!;
};
const tasksOf = (family: string, month: number) =>
  tasks.filter((t) => familyOf(t).family === family && monthOf(t) === month);
/** The AUROC a monthly report compares: the family's completed task of that month. */
const aurocOf = (family: string, month: number) => {
  const done = tasksOf(family, month).filter((t) => t.status === 'completed');
  expect(done, `${family} ${month}`).toHaveLength(1);
  return Number(done[0]!.AUROC);
};
const idsIn = (text: string) => parseTaskIdText(text, 'list').map((e) => e.id);

beforeAll(async () => {
  tasks = (await readTaskData(join(SAMPLES, 'tasks.json'))) as Task[];
});

describe('samples/tasks.json: the Get-task shape', () => {
  it('holds 40–50 tasks with unique version-4 UUIDs and exactly the Get-task fields in order', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(40);
    expect(tasks.length).toBeLessThanOrEqual(50);
    const ids = tasks.flatMap((t) => [t.task_id, t.train_feature_id]);
    expect(new Set(tasks.map((t) => t.task_id)).size).toBe(tasks.length);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    for (const task of tasks) {
      expect(Object.keys(task)).toEqual(GET_TASK_FIELDS);
      expect(task.created_at).toMatch(API_TIME);
      expect(task.completed_at).toMatch(API_TIME);
    }
  });

  it('lists the newest task first', () => {
    const created = tasks.map((t) => t.created_at);
    expect(created).toEqual([...created].sort().reverse());
    expect(new Set(created).size).toBe(created.length);
  });

  it('has only completed and failed tasks, with realistic values', () => {
    for (const task of tasks) {
      const took = Date.parse(`${task.completed_at as string}Z`) - Date.parse(`${task.created_at}Z`);
      if (task.status === 'completed') {
        expect(task.AUROC).toMatch(/^0\.\d{16}$/);
        expect(Number(task.AUROC)).toBeGreaterThanOrEqual(0.7);
        expect(Number(task.AUROC)).toBeLessThanOrEqual(0.94);
        expect(task.line_count).toBeGreaterThanOrEqual(50_000);
        expect(task.line_count).toBeLessThanOrEqual(5_000_000);
        expect(task.disk_usage).toBeGreaterThanOrEqual(5 * 1024 ** 2);
        expect(task.disk_usage).toBeLessThanOrEqual(3 * 1024 ** 3);
        expect(task.fail_message).toBeNull();
        expect(took).toBeGreaterThanOrEqual(3600_000);
        expect(took).toBeLessThanOrEqual(8 * 3600_000);
      } else {
        expect(task.status).toBe('failed');
        expect(task.AUROC).toBeNull();
        expect(task.fail_message).toMatch(/^[A-Z_]+$/);
        expect(took).toBeGreaterThan(0);
      }
    }
  });

  it('carries the month in feature names and train paths; a family keeps its bucket', () => {
    for (const task of tasks) {
      const month = String(monthOf(task)).padStart(2, '0');
      expect(task.train_feature_name).toMatch(new RegExp(`2026(-|_|년 )?(${month}|${monthOf(task)}월)`));
      expect(task.train_file_path).toMatch(new RegExp(`^[a-z-]+/2026[-._/]?${month}/train\\.csv$`));
      if (task.test_feature_id !== null) {
        expect(task.test_file_path).toBe((task.train_file_path as string).replace(/train\.csv$/, 'test.csv'));
      }
    }
    for (const { family } of FAMILIES) {
      const buckets = new Set(tasks.filter((t) => familyOf(t).family === family).map((t) => t.train_bucket));
      expect(buckets.size, family).toBe(1);
    }
  });
});

describe('samples/tasks.json: twelve families retrained monthly, August to November 2026', () => {
  it('names every task in its family’s one period style, which matches the month it was created', () => {
    for (const task of tasks) {
      const { pattern, month } = familyOf(task);
      const match = task.task_name.match(pattern)!;
      expect(month(match), task.task_name).toBe(monthOf(task));
      // The full-date styles carry the day the task was created.
      if (match[2] !== undefined) expect(Number(match[2])).toBe(Number(task.created_at.slice(8, 10)));
    }
    expect(new Set(tasks.map((t) => familyOf(t).family)).size).toBe(12);
  });

  it('has ups and downs over August to October, and a failed September for LTV', () => {
    const ups = ['purchase', 'churn', 'coupon', 'dormant', 'reco-click', 'fraud', 'delivery-delay', 'demand'];
    const directions = ups.map((f) => Math.sign(aurocOf(f, 9) - aurocOf(f, 8)));
    expect(directions).toContain(1);
    expect(directions).toContain(-1);
    expect(tasksOf('ltv', 9).map((t) => t.status)).toEqual(['failed']);
    expect(tasks.filter((t) => t.status === 'failed' && monthOf(t) < 11)).toHaveLength(1);
  });

  it('November against October: eight families improve by 0.002 to 0.02', () => {
    const improved = [
      'purchase',
      'ltv',
      'coupon',
      'dormant',
      'ad-conversion',
      'reco-click',
      'fraud',
      'delivery-delay',
    ];
    for (const family of improved) {
      const change = aurocOf(family, 11) - aurocOf(family, 10);
      expect(change, family).toBeGreaterThanOrEqual(0.002);
      expect(change, family).toBeLessThanOrEqual(0.02);
    }
  });

  it('churn regresses by 0.0300 exactly', () => {
    expect((aurocOf('churn', 11) - aurocOf('churn', 10)).toFixed(4)).toBe('-0.0300');
  });

  it('churn trained on about half of October’s data in November', () => {
    const lines = (month: number) => Number(tasksOf('churn', month)[0]?.line_count);
    const change = (lines(11) - lines(10)) / lines(10);
    expect(change).toBeGreaterThan(-0.55);
    expect(change).toBeLessThan(-0.45);
  });

  it('coupon moved to the second version of its feature in November', () => {
    expect(tasksOf('coupon', 10)[0]?.train_feature_name).toBe('coupon_features_2026_10');
    expect(tasksOf('coupon', 11)[0]?.train_feature_name).toBe('coupon_features_v2_2026_11');
  });

  it('LTV was renamed in Korean for November, and the demo’s config names the alias', async () => {
    expect(tasksOf('ltv', 10)[0]?.task_name).toBe('LTV forecast 2026.10');
    expect(tasksOf('ltv', 11)[0]?.task_name).toBe('고객 생애가치(LTV) 예측 2026.11');
    const config = JSON.parse(await readFile(join(SAMPLES, 'demo-config.json'), 'utf8')) as unknown;
    expect(config).toEqual({ 'model-aliases': { 'LTV forecast': '고객 생애가치(LTV) 예측' } });
  });

  it('credit risk failed its only November retrain', () => {
    const november = tasksOf('credit', 11);
    expect(november.map((t) => [t.status, t.fail_message])).toEqual([['failed', 'NOT_EXIST_FILE']]);
    expect(tasksOf('credit', 10).map((t) => t.status)).toEqual(['completed']);
  });

  it('upsell is new: its only task is November’s, completed', () => {
    const all = tasks.filter((t) => familyOf(t).family === 'upsell');
    expect(all.map((t) => [monthOf(t), t.status])).toEqual([[11, 'completed']]);
  });

  it('demand forecast was not retrained in November', () => {
    expect(tasksOf('demand', 11)).toEqual([]);
    for (const month of [8, 9, 10]) expect(tasksOf('demand', month)).toHaveLength(1);
  });

  it('ad conversion failed first in November and completed when re-run a day later, same name', () => {
    const [rerun, first] = tasksOf('ad-conversion', 11);
    expect(tasksOf('ad-conversion', 11)).toHaveLength(2);
    expect(first?.status).toBe('failed');
    expect(rerun?.status).toBe('completed');
    expect(rerun?.task_name).toBe(first?.task_name);
    expect(Number(rerun?.created_at.slice(8, 10))).toBe(Number(first?.created_at.slice(8, 10)) + 1);
  });

  it('every other family has one task a month', () => {
    const byFamilyMonth = new Map<string, number>();
    for (const t of tasks) {
      const key = `${familyOf(t).family} ${monthOf(t)}`;
      byFamilyMonth.set(key, (byFamilyMonth.get(key) ?? 0) + 1);
    }
    expect([...byFamilyMonth].filter(([, n]) => n > 1)).toEqual([['ad-conversion 11', 2]]);
  });
});

describe('samples ID lists', () => {
  const november = () => tasks.filter((t) => monthOf(t) === 11).map((t) => t.task_id);

  it('task-ids.txt lists every November task once, under a # header', async () => {
    const text = await readFile(join(SAMPLES, 'task-ids.txt'), 'utf8');
    expect(text).not.toContain('\r');
    expect(text.split('\n')[0]).toMatch(/^# November 2026 monthly/);
    const ids = idsIn(text);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(november().sort());
  });

  it('task-ids-2026-10.txt lists every task from August to October once', async () => {
    const text = await readFile(join(SAMPLES, 'task-ids-2026-10.txt'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# October 2026 monthly/);
    const ids = idsIn(text);
    expect(new Set(ids).size).toBe(ids.length);
    const history = tasks.filter((t) => monthOf(t) < 11).map((t) => t.task_id);
    expect([...ids].sort()).toEqual(history.sort());
  });

  it('task-ids.csv is the November list as a console export', async () => {
    const text = await readFile(join(SAMPLES, 'task-ids.csv'), 'utf8');
    const [header, ...records] = parseCsv(text).map((r) => r.fields);
    expect(header).toEqual(['task_id', 'task_name', 'status']);
    const byId = new Map(tasks.map((t) => [t.task_id, t]));
    for (const [id, name, status] of records) {
      expect(byId.get(id!)?.task_name).toBe(name);
      expect(byId.get(id!)?.status).toBe(status);
    }
    expect(records.map((r) => r[0]).sort()).toEqual(november().sort());
  });

  it('faults.json scripts faults for November tasks only', async () => {
    const faults = parseFaults(JSON.parse(await readFile(join(SAMPLES, 'faults.json'), 'utf8')));
    expect(Object.keys(faults).length).toBeGreaterThan(0);
    expect(Object.keys(faults).every((id) => november().includes(id))).toBe(true);
  });
});

describe('scripts/make-samples.mjs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nclue-samples-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the committed sample files byte for byte', async () => {
    await run(process.execPath, [join(ROOT, 'scripts', 'make-samples.mjs'), dir]);
    const written = (await readdir(dir)).sort();
    expect(written).toEqual([
      'demo-config.json',
      'faults.json',
      'task-ids-2026-10.txt',
      'task-ids.csv',
      'task-ids.txt',
      'tasks.json',
    ]);
    for (const name of written) {
      expect(await readFile(join(dir, name), 'utf8'), name).toBe(await readFile(join(SAMPLES, name), 'utf8'));
    }
  });
});

describe('the November list through the CLI, with the sample faults', () => {
  it('fetches every November task despite the scripted faults and exits 0', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nclue-samples-cli-'));
    const emulator = await createEmulator({
      tasks,
      credentials: { accessKey: SAMPLE_ACCESS_KEY, secretKey: SAMPLE_SECRET_KEY },
      rps: 100,
      faults: parseFaults(JSON.parse(await readFile(join(SAMPLES, 'faults.json'), 'utf8'))),
    });
    try {
      const result = await runCli(
        [
          '--ids',
          join(SAMPLES, 'task-ids.txt'),
          '--endpoint',
          emulator.url,
          '--rps',
          '50',
          '--out',
          out,
          '--name',
          'nov',
        ],
        { env: { NCLOUD_ACCESS_KEY: SAMPLE_ACCESS_KEY, NCLOUD_SECRET_KEY: SAMPLE_SECRET_KEY } },
      );
      expect(result.stderr).toContain('wrote');
      expect(result.code).toBe(0);
      const rows = parseCsv((await readFile(join(out, 'nov.csv'), 'utf8')).replace(/^\uFEFF/, ''));
      expect(rows).toHaveLength(1 + 12);
    } finally {
      await emulator.close();
      await rm(out, { recursive: true, force: true });
    }
  });
});
