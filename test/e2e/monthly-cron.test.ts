import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { runInProcess } from '../support/in-process.js';
import { uuid } from '../support/task-ids.js';

/**
 * The README's cron recipe, run exactly as written on a simulated 1st of the month (the clock injected,
 * nothing waits): `--config report.json --period previous --fail-on-regression 0.02`, with the config's
 * `out` and `compare` the same folder that does not exist before the first month.
 *
 * On 2026-11-01 06:00 (local) October is reported while a retrain started at 01:00 is still running:
 * no reports/ yet, exit 0. On 2026-12-01 06:00 November is reported; churn fell by exactly 0.03 since
 * October, a December retrain is already running: exit 5, naming churn.
 */
const ACCESS = 'AK-CRON';
const SECRET = 'cron-secret-value-9Qx';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };

type Task = Record<string, unknown>;

function task(n: number, name: string, createdAt: string, status: string, auroc: string | null): Task {
  return {
    task_id: uuid(n),
    task_name: name,
    status,
    created_at: createdAt,
    completed_at: status === 'completed' ? createdAt.replace('T0', 'T1') : null,
    train_feature_id: uuid(7000 + n),
    train_feature_name: 'features',
    train_bucket: 'cron',
    train_file_path: `data/${createdAt.slice(0, 7)}/train.csv`,
    test_feature_id: null,
    test_feature_name: null,
    test_bucket: null,
    test_file_path: null,
    AUROC: auroc,
    line_count: 1000 + n,
    disk_usage: 10_000_000 + n,
    fail_message: null,
  };
}

const OCTOBER = [
  task(101, 'churn model 2026-10', '2026-10-03T09:00:00', 'completed', '0.8500000000000000'),
  task(102, 'upsell model 2026-10', '2026-10-04T09:00:00', 'completed', '0.7000000000000000'),
  task(103, 'ltv model 2026-10', '2026-10-05T09:00:00', 'completed', '0.9000000000000000'),
];
/** Started at 01:00 on cron day: still running when the 06:00 run reports October. */
const NOVEMBER_FIRST_RETRAIN = task(201, 'churn model 2026-11', '2026-11-01T01:00:00', 'in_progress', null);
const NOVEMBER = [
  // Finished later in November: 0.82 − 0.85, a drop of exactly 0.03 (−0.029999999999999916 in floats).
  {
    ...NOVEMBER_FIRST_RETRAIN,
    status: 'completed',
    completed_at: '2026-11-01T03:00:00',
    AUROC: '0.8200000000000000',
  },
  task(202, 'upsell model 2026-11', '2026-11-04T09:00:00', 'completed', '0.7100000000000000'),
  task(203, 'ltv model 2026-11', '2026-11-05T09:00:00', 'completed', '0.9050000000000000'),
];
const DECEMBER_FIRST_RETRAIN = task(301, 'upsell model 2026-12', '2026-12-01T00:30:00', 'in_progress', null);

let root: string;
let now = 0;
let emulator: Emulator;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nclue-cron-'));
  // The README's config file: options in the file, the keys in the environment.
  await writeFile(
    join(root, 'report.json'),
    JSON.stringify({ all: true, out: join(root, 'reports'), compare: join(root, 'reports'), quiet: true }),
  );
  emulator = await createEmulator({
    tasks: [],
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    now: () => now,
  });
});

afterAll(async () => {
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

/** The crontab line's command, at 06:00 local time on the 1st of `month` (0-based). */
async function runCronDay(year: number, month: number, tasks: Task[]) {
  const clock = createFakeClock(new Date(year, month, 1, 6, 0, 0).getTime());
  now = clock.now();
  emulator.setTasks(tasks);
  return runInProcess(
    [
      '--config',
      join(root, 'report.json'),
      '--period',
      'previous',
      '--fail-on-regression',
      '0.02',
      '--endpoint',
      emulator.url,
    ],
    { env: ENV, clock },
  );
}

async function readJson(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(root, 'reports', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

describe('the README cron recipe on the 1st of the month', () => {
  it('month one: reports October with no reports/ yet, a retrain of November already running: exit 0', async () => {
    const result = await runCronDay(2026, 10, [...OCTOBER, NOVEMBER_FIRST_RETRAIN]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect((await readdir(join(root, 'reports'))).sort()).toEqual(
      ['nclue-2026-10.csv', 'nclue-2026-10.models.csv', 'nclue-2026-10.xlsx'].sort(),
    );
  });

  it('month two: reports November, exit 5 naming the model that fell by 0.03', async () => {
    const result = await runCronDay(2026, 11, [...OCTOBER, ...NOVEMBER, DECEMBER_FIRST_RETRAIN]);
    expect(result.code).toBe(5);
    // --quiet: only the regression reaches cron's mail, the model named with its drop.
    expect(result.stderr).toContain('churn model −0.0300 (2026-10 0.8500 → 0.8200)');
    expect(result.stderr).toContain('fell by at least 0.02');
    const csv = await readFile(join(root, 'reports', 'nclue-2026-11.models.csv'), 'utf8');
    expect(csv).toMatch(/churn model,0\.82,0\.85,2026-10,-0\.03,regressed/);
    expect(csv).not.toContain('0.0299999');
  });

  it('month two, as JSON: the period is November and says why, like for like against October', async () => {
    const options = ['--format', 'json'];
    const clock = createFakeClock(new Date(2026, 11, 1, 6, 0, 0).getTime());
    now = clock.now();
    const result = await runInProcess(
      ['--config', join(root, 'report.json'), '--period', 'previous', '--endpoint', emulator.url, ...options],
      { env: ENV, clock },
    );
    expect(result.code).toBe(0);
    const report = await readJson('nclue-2026-11');
    expect(report.period).toBe('2026-11');
    expect(report.periodReason).toBe('--period previous: the month before today');
    expect(report.periodOpen).toBe(false);
    expect(report.modelSummary).toMatchObject({ matched: 3, meanChange: -0.005 });
    const rows = report.rows as Array<Record<string, unknown>>;
    // Not in October's report: compared through its model with October's task.
    expect(rows.find((row) => row.task_id === uuid(203))).toMatchObject({
      auroc_previous: 0.9,
      auroc_delta: 0.005,
      status_previous: 'completed',
      previous_task_id: uuid(103),
    });
    // In October's report (still running then): compared with itself, by ID.
    expect(rows.find((row) => row.task_id === uuid(201))).toMatchObject({
      auroc_previous: null,
      auroc_delta: null,
      status_previous: 'in_progress',
      previous_task_id: uuid(201),
    });
    // The December retrain is a row of November's report, compared with its model's November task.
    expect(rows.find((row) => row.task_id === uuid(301))).toMatchObject({
      period: '2026-12',
      status_previous: 'completed',
      previous_task_id: uuid(202),
    });
  });
});
