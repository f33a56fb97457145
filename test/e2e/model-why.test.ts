import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { runInProcess } from '../support/in-process.js';
import { uuid } from '../support/task-ids.js';

/**
 * Why a model moved, end to end: an October run, then November's compared with the October folder,
 * through the CLI against the emulator over HTTP. The months are realistic retrains: a churn model whose
 * training data halved (and whose name changed separators), a purchase model moved to a new feature, an
 * LTV model renamed in Korean (joined by an alias in the config file), names with full-width digits, a
 * trailing 월 and a two-digit year, a model re-run after a failed download, one that failed, and one
 * still running when the November report is written.
 */
const ACCESS = 'AK-WHY';
const SECRET = 'why-secret-value-4Kq';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };
/** The November run starts on 2026-12-01 at 06:00 UTC (the cron day), on an injected clock. */
const NOVEMBER_RUN_MS = Date.UTC(2026, 11, 1, 6, 0, 0);

type Task = Record<string, unknown>;
let next = 0;

/** A completed monthly retrain, as Get-task returns it; its data under a folder of the month. */
function retrain(family: string, name: string, createdAt: string, auroc: string, fields: Task = {}): Task {
  next += 1;
  const month = createdAt.slice(0, 7);
  const start = Date.parse(`${createdAt}Z`);
  return {
    task_id: uuid(next),
    task_name: name,
    status: 'completed',
    created_at: createdAt,
    completed_at: new Date(start + 3 * 3600_000).toISOString().slice(0, 19),
    train_feature_id: uuid(5000 + family.length),
    train_feature_name: `${family}_features`,
    train_bucket: 'crm-analytics-prod',
    train_file_path: `${family}/${month}/train.csv`,
    test_feature_id: null,
    test_feature_name: null,
    test_bucket: null,
    test_file_path: null,
    AUROC: auroc,
    line_count: 800_000,
    disk_usage: 210_000_000,
    fail_message: null,
    ...fields,
  };
}

const OCTOBER = [
  retrain('churn', 'churn-model-202610', '2026-10-02T09:14:00', '0.8500123456789012', {
    line_count: 1_210_000,
    disk_usage: 314_600_000,
  }),
  retrain('purchase', '구매예측 모델 2026-10', '2026-10-02T10:00:00', '0.8391234567890123', {
    train_feature_id: uuid(7001),
    train_feature_name: 'purchase_v1',
  }),
  retrain('ltv', 'LTV forecast 2026.10', '2026-10-03T09:00:00', '0.7802345678901234'),
  retrain('demand', '수요예측 2026-10', '2026-10-06T09:00:00', '0.8048765432109876'),
  retrain('reco', '추천모델 2026.10월', '2026-10-05T09:00:00', '0.7244567890123456'),
  retrain('clv', 'CLV_26-10', '2026-10-07T09:00:00', '0.7012345678901234'),
  retrain('ad', '광고 전환 예측 10월', '2026-10-04T09:00:00', '0.8034567890123456'),
  retrain('credit', 'Credit risk scorecard 2026/10', '2026-10-09T09:00:00', '0.8690123456789012'),
  retrain('dormant', '휴면 고객 예측 (10월)', '2026-10-04T09:00:00', '0.8879012345678901'),
];

const NOVEMBER = [
  retrain('churn', 'churn_model_202611', '2026-11-02T09:40:00', '0.8200123456789012', {
    line_count: 610_000,
    disk_usage: 158_600_000,
  }),
  retrain('purchase', '구매예측 모델 2026-11', '2026-11-02T10:00:00', '0.8515234567890123', {
    train_feature_id: uuid(7002),
    train_feature_name: 'purchase_v2',
  }),
  retrain('ltv', '고객 생애가치(LTV) 예측 2026.11', '2026-11-03T09:00:00', '0.7850345678901234'),
  retrain('demand', '수요예측 ２０２６－１１', '2026-11-06T09:00:00', '0.8101765432109876'),
  retrain('reco', '추천모델 2026.11월', '2026-11-05T09:00:00', '0.7270567890123456'),
  retrain('clv', 'CLV_26-11', '2026-11-07T09:00:00', '0.7100345678901234'),
  retrain('ad', '광고 전환 예측 11월', '2026-11-04T09:00:00', '', {
    status: 'failed',
    AUROC: null,
    line_count: null,
    disk_usage: null,
    fail_message: 'OBS_DOWNLOAD_FAILED',
  }),
  retrain('ad', '광고 전환 예측 11월', '2026-11-05T09:00:00', '0.8130567890123456'),
  retrain('credit', 'Credit risk scorecard 2026/11', '2026-11-10T09:49:42', '', {
    status: 'failed',
    AUROC: null,
    line_count: null,
    disk_usage: null,
    fail_message: 'NOT_EXIST_FILE',
  }),
  retrain('dormant', '휴면 고객 예측 (11월)', '2026-11-30T22:30:00', '', {
    status: 'in_progress',
    AUROC: null,
    completed_at: null,
    line_count: null,
    disk_usage: null,
  }),
];

let root: string;
let emulator: Emulator;
let november: { models: Array<Record<string, unknown>> };
let novemberStderr: string;

const ids = (tasks: Task[]): string => `${tasks.map((task) => String(task.task_id)).join('\n')}\n`;

function run(args: string[], clockMs?: number) {
  return runInProcess([...args, '--endpoint', emulator.url, '--rps', '500', '--no-progress'], {
    env: ENV,
    ...(clockMs === undefined ? {} : { clock: createFakeClock(clockMs) }),
  });
}

function modelOf(name: string): Record<string, unknown> {
  const found = november.models.find((entry) => entry.model === name);
  if (found === undefined)
    throw new Error(`no model ${name}: ${november.models.map((m) => m.model).join(', ')}`);
  return found;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nclue-why-'));
  await writeFile(join(root, 'october.txt'), ids(OCTOBER));
  await writeFile(join(root, 'november.txt'), ids(NOVEMBER));
  await writeFile(
    join(root, 'config.json'),
    JSON.stringify({ 'model-aliases': { 'LTV forecast': '고객 생애가치(LTV) 예측' } }),
  );
  emulator = await createEmulator({
    tasks: [...OCTOBER, ...NOVEMBER],
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    rps: 1000,
  });
  const out = join(root, 'reports');
  const october = await run(['--ids', join(root, 'october.txt'), '--out', out, '--name', 'nclue-2026-10']);
  expect(october.code, october.stderr).toBe(0);
  const result = await run(
    [
      '--ids',
      join(root, 'november.txt'),
      '--out',
      out,
      '--name',
      'nclue-2026-11',
      '--compare',
      out,
      '--config',
      join(root, 'config.json'),
      '--format',
      'json,csv',
    ],
    NOVEMBER_RUN_MS,
  );
  // One model failed: the run is complete, so it exits 0.
  expect(result.code, result.stderr).toBe(0);
  novemberStderr = result.stderr;
  november = JSON.parse(await readFile(join(out, 'nclue-2026-11.json'), 'utf8')) as typeof november;
});

afterAll(async () => {
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

describe('why a model moved, through the CLI', () => {
  it('a churn model whose data halved: one model across - and _, the line counts and the why', () => {
    const churn = modelOf('churn_model');
    expect(churn).toMatchObject({
      trend: 'regressed',
      previous_period: '2026-10',
      line_count: 610_000,
      line_count_previous: 1_210_000,
      line_count_change_pct: -49.6,
      train_feature_changed: false,
      test_feature_changed: false,
      train_file_changed: false,
      test_file_changed: false,
      duration_seconds: 3 * 3600,
      duration_previous: 3 * 3600,
      disk_usage: 158_600_000,
      disk_usage_previous: 314_600_000,
      why: 'data \u221249.6 %',
      runs: 1,
      task_id: NOVEMBER[0]?.task_id,
      previous_task_id: OCTOBER[0]?.task_id,
    });
  });

  it('a feature that changed is named, old → new', () => {
    expect(modelOf('구매예측 모델')).toMatchObject({
      trend: 'improved',
      train_feature_changed: true,
      line_count_change_pct: 0,
      why: 'train feature purchase_v1 \u2192 purchase_v2',
    });
  });

  it('the renamed LTV model is one model through the config file’s alias', () => {
    const ltv = modelOf('고객 생애가치(LTV) 예측');
    expect(ltv).toMatchObject({ trend: 'improved', previous_period: '2026-10', tasks: 2 });
    expect(november.models.some((entry) => entry.model === 'LTV forecast')).toBe(false);
  });

  it('full-width digits, a trailing 월 and a two-digit year are period markers', () => {
    expect(modelOf('수요예측')).toMatchObject({ trend: 'improved', tasks: 2 });
    expect(modelOf('추천모델')).toMatchObject({ trend: 'improved', tasks: 2 });
    expect(modelOf('CLV')).toMatchObject({ trend: 'improved', tasks: 2 });
  });

  it('a model run twice says which run counted; a failed one its hint; an unfinished one its time', () => {
    expect(modelOf('광고 전환 예측')).toMatchObject({
      runs: 2,
      task_id: NOVEMBER[7]?.task_id,
      why: '2 runs; the last completed counts',
    });
    expect(modelOf('Credit risk scorecard')).toMatchObject({
      trend: 'failed',
      why: 'NOT_EXIST_FILE: The file at the given path is missing or empty: check the bucket, the path and the content, then create the task again.',
    });
    // Created 2026-11-30 22:30, the run starts 2026-12-01 06:00.
    expect(modelOf('휴면 고객 예측')).toMatchObject({
      trend: 'unfinished',
      why: 'in progress for 7 h 30 min',
    });
  });

  it('the closing line gives the largest drop its reason', () => {
    expect(novemberStderr).toContain('(largest drop: churn_model \u22120.0300 (data \u221249.6 %))');
  });

  it('the dry run lists the aliases that match no model of the compared reports', async () => {
    const result = await run([
      '--ids',
      join(root, 'november.txt'),
      '--out',
      join(root, 'reports'),
      '--name',
      'dry',
      '--compare',
      join(root, 'reports'),
      '--model-alias',
      'LTV forecast 2026.10=고객 생애가치(LTV) 예측',
      '--model-alias',
      'Lead scoring=리드 스코어링',
      '--dry-run',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'model aliases: 2 ("LTV forecast 2026.10" → "고객 생애가치(LTV) 예측", "Lead scoring" → "리드 스코어링"); ' +
        'matching no model of the compared reports: "Lead scoring"',
    );
  });

  it('a malformed --model-alias stops the run before any request', async () => {
    const before = emulator.stats.requests;
    const result = await run(['--ids', join(root, 'november.txt'), '--model-alias', 'no equals sign']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--model-alias "no equals sign" is not OLD=NEW');
    expect(emulator.stats.requests).toBe(before);
  });
});
