import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import type { ModelEntry } from '../../src/models/model-entry.js';
import { COMPARE_COLUMNS, LINEAGE_COLUMNS, MODEL_COLUMNS } from '../../src/core/report-field.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { roundChange } from '../../src/report/round-change.js';
import { runInProcess } from '../support/in-process.js';
import { uuid } from '../support/task-ids.js';

/**
 * The monthly workflow end to end through the CLI, in process, against the emulator over HTTP:
 * a January run over December and January tasks, then a February run over February tasks compared with
 * January's report — its JSON, CSV, xlsx, or the folder holding them. Thirteen model families, one per
 * period-marker style (`2026-01`, `202601`, `2026.01`, `2026_01`, `2026/01`, `(1월)`, `1월`,
 * `2026년 1월`, `Jan 2026`, `January 2026`, `2026-01-15`, `20260115`, and a new model), cover every
 * trend; every field of every model is asserted exactly in the JSON, the models CSV, the Models sheet
 * and the page, with each AUROC change computed here as `Number(a) - Number(b)`, rounded to 6 decimals.
 */
const ACCESS = 'AK-MONTHLY';
const SECRET = 'monthly-secret-value-7Hc';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };

type Task = Record<string, unknown>;

function baseTask(n: number, name: string, createdAt: string): Task {
  const slug = `family-${n % 100}`;
  return {
    task_id: uuid(n),
    task_name: name,
    status: 'completed',
    created_at: createdAt,
    completed_at: null,
    // One feature per family, retrained on new data every month: no feature change.
    train_feature_id: uuid(9000 + (n % 100)),
    train_feature_name: `${slug}_features`,
    train_bucket: 'monthly-models',
    train_file_path: `${slug}/${createdAt.slice(0, 7)}/train.csv`,
    test_feature_id: null,
    test_feature_name: null,
    test_bucket: null,
    test_file_path: null,
    AUROC: null,
    line_count: null,
    disk_usage: null,
    fail_message: null,
  };
}

/** A completed task with its AUROC as the API's 16-digit string. */
function completed(n: number, name: string, createdAt: string, auroc: string): Task {
  return {
    ...baseTask(n, name, createdAt),
    completed_at: createdAt.replace('T09', 'T11'),
    AUROC: auroc,
    line_count: 120_000 + n,
    disk_usage: 50_000_000 + n,
  };
}

function failed(n: number, name: string, createdAt: string): Task {
  return {
    ...baseTask(n, name, createdAt),
    status: 'failed',
    completed_at: createdAt.replace('T09', 'T10'),
    fail_message: 'NOT_EXIST_FILE',
  };
}

function inProgress(n: number, name: string, createdAt: string): Task {
  return { ...baseTask(n, name, createdAt), status: 'in_progress' };
}

// One family per marker style; December (1xx), January (2xx), February (3xx).
const churn = {
  dec: completed(101, 'Churn model 2025-12', '2025-12-01T09:00:00', '0.9102938475610293'),
  jan: completed(201, 'Churn model 2026-01', '2026-01-05T09:00:00', '0.9287461093857264'),
  // The largest drop.
  feb: completed(301, 'Churn model 2026-02', '2026-02-02T09:00:00', '0.8891734502918374'),
};
const upsell = {
  dec: completed(102, 'Upsell propensity 202512', '2025-12-02T09:00:00', '0.8012345678901234'),
  jan: completed(202, 'Upsell propensity 202601', '2026-01-06T09:00:00', '0.8134567890123456'),
  feb: completed(302, 'Upsell propensity 202602', '2026-02-03T09:00:00', '0.8245678901234567'),
};
/** A name that must be escaped on the page; February moves by 0.00003: unchanged. */
const fraudAbuse = {
  dec: completed(103, 'Fraud & abuse score 2025.12', '2025-12-03T09:00:00', '0.9401234567890123'),
  jan: completed(203, 'Fraud & abuse score 2026.01', '2026-01-07T09:00:00', '0.9456789012345678'),
  feb: completed(303, 'Fraud & abuse score 2026.02', '2026-02-04T09:00:00', '0.9457089012345678'),
};
/** The February retrain failed. */
const credit = {
  dec: completed(104, 'credit_risk_2025_12', '2025-12-04T09:00:00', '0.7512345678901234'),
  jan: completed(204, 'credit_risk_2026_01', '2026-01-08T09:00:00', '0.7623456789012345'),
  feb: failed(304, 'credit_risk_2026_02', '2026-02-05T09:00:00'),
};
/** A smaller regression than churn's; January's name has a double blank: still one model. */
const demand = {
  dec: completed(105, 'Demand forecast 2025/12', '2025-12-05T09:00:00', '0.8701234567890123'),
  jan: completed(205, 'Demand  forecast 2026/01', '2026-01-09T09:00:00', '0.8823456789012345'),
  feb: completed(305, 'Demand forecast 2026/02', '2026-02-06T09:00:00', '0.8712345678901234'),
};
/** February: a failed run, then a completed re-run that counts. */
const attrition = {
  dec: completed(106, '이탈 예측 (12월)', '2025-12-06T09:00:00', '0.8611234567890123'),
  jan: completed(206, '이탈 예측 (1월)', '2026-01-10T09:00:00', '0.8702345678901234'),
  febFailed: failed(306, '이탈 예측 (2월)', '2026-02-07T09:00:00'),
  // The re-run trains on the same feature and file as the failed run.
  feb: {
    ...completed(316, '이탈 예측 (2월)', '2026-02-09T09:00:00', '0.8799876543210987'),
    train_feature_id: uuid(9006),
    train_feature_name: 'family-6_features',
    train_file_path: 'family-6/2026-02/train.csv',
  },
};
/** February's task is still running. */
const dormant = {
  dec: completed(107, '휴면 고객 예측 12월', '2025-12-07T09:00:00', '0.8210987654321098'),
  jan: completed(207, '휴면 고객 예측 1월', '2026-01-11T09:00:00', '0.8334567890123456'),
  feb: inProgress(307, '휴면 고객 예측 2월', '2026-02-08T09:00:00'),
};
/** No February task. */
const purchase = {
  dec: completed(108, '구매 예측 2025년 12월', '2025-12-08T09:00:00', '0.7901234567890123'),
  jan: completed(208, '구매 예측 2026년 1월', '2026-01-12T09:00:00', '0.7988765432109876'),
};
/** January failed, so February compares with December. */
const fraudDetection = {
  dec: completed(109, 'Fraud detection Dec 2025', '2025-12-09T09:00:00', '0.9301234567890123'),
  jan: failed(209, 'Fraud detection Jan 2026', '2026-01-13T09:00:00'),
  feb: completed(309, 'Fraud detection Feb 2026', '2026-02-10T09:00:00', '0.9350987654321098'),
};
/** The case differs month to month: one model, named as its latest task. */
const lead = {
  dec: completed(110, 'Lead Scoring December 2025', '2025-12-10T09:00:00', '0.7712345678901234'),
  jan: completed(210, 'LEAD SCORING January 2026', '2026-01-14T09:00:00', '0.7801234567890123'),
  feb: completed(310, 'Lead scoring February 2026', '2026-02-11T09:00:00', '0.7915432109876543'),
};
/** Best in December, dipped in January, up again in February. */
const delivery = {
  dec: completed(111, '배송 지연 예측 2025-12-15', '2025-12-15T09:00:00', '0.8899012345678901'),
  jan: completed(211, '배송 지연 예측 2026-01-14', '2026-01-14T09:30:00', '0.8512345678901234'),
  feb: completed(311, '배송 지연 예측 2026-02-16', '2026-02-16T09:00:00', '0.8634567890123456'),
};
/** Exactly the same AUROC in January and February; a name with markup in it. */
const offer = {
  dec: completed(112, 'Next best offer <NBO> 20251215', '2025-12-15T09:30:00', '0.8321098765432109'),
  jan: completed(212, 'Next best offer <NBO> 20260115', '2026-01-15T09:00:00', '0.8444444444444444'),
  feb: completed(312, 'Next best offer <NBO> 20260215', '2026-02-15T09:00:00', '0.8444444444444444'),
};
/** First seen in February. */
const crossSell = {
  feb: completed(313, 'Cross-sell ranker 202602', '2026-02-12T09:00:00', '0.9012345678901234'),
};

const DECEMBER = [churn, upsell, fraudAbuse, credit, demand, attrition, dormant, purchase]
  .concat([fraudDetection, lead, delivery, offer])
  .map((family) => family.dec);
const JANUARY = [churn, upsell, fraudAbuse, credit, demand, attrition, dormant, purchase]
  .concat([fraudDetection, lead, delivery, offer])
  .map((family) => family.jan);
const FEBRUARY = [
  churn.feb,
  upsell.feb,
  fraudAbuse.feb,
  credit.feb,
  demand.feb,
  attrition.febFailed,
  attrition.feb,
  dormant.feb,
  fraudDetection.feb,
  lead.feb,
  delivery.feb,
  offer.feb,
  crossSell.feb,
];

const idOf = (task: Task): string => String(task.task_id);
const nameOf = (task: Task): string => String(task.task_name);
/** The AUROC as the report must hold it: the API's string read as a double. */
const auroc = (task: Task): number => Number(task.AUROC);

const churnChange = roundChange(auroc(churn.feb) - auroc(churn.jan));

const NOT_EXIST_FILE_HINT =
  'NOT_EXIST_FILE: The file at the given path is missing or empty: check the bucket, the path and the content, then create the task again.';

/**
 * The "what changed" fields of a February model: its February task against the task its previous
 * AUROC came from, computed here from the fixtures (line counts 120,000 + n, two hours of training for
 * a completed task and one for a failed one, sizes 50,000,000 + n, one feature per family, files under
 * a folder of the month). `why` is written out: the data change to one decimal, a failure's hint, how
 * long the unfinished task has been running, and which of two runs counted.
 */
function moved(current: Task | null, previous: Task | null, runs = 1) {
  const lines = (task: Task | null): number | null => (task?.line_count ?? null) as number | null;
  const now = lines(current);
  const before = lines(previous);
  const pct = now === null || before === null ? null : Math.round(((now - before) / before) * 1000) / 10;
  const duration = (task: Task | null): number | null =>
    task === null ? null : task.status === 'completed' ? 7200 : task.status === 'failed' ? 3600 : null;
  const both = current !== null && previous !== null ? false : null;
  const why =
    current?.status === 'failed'
      ? NOT_EXIST_FILE_HINT
      : current?.status === 'in_progress'
        ? (expect.stringMatching(/^in progress for \d+ h \d+ min$/) as string)
        : pct === null || pct === 0
          ? ''
          : `data +${pct.toFixed(1)} %`;
  return {
    line_count: now,
    line_count_previous: before,
    line_count_change_pct: pct,
    train_feature_changed: both,
    test_feature_changed: both,
    train_file_changed: both,
    test_file_changed: both,
    duration_seconds: duration(current),
    duration_previous: duration(previous),
    disk_usage: (current?.disk_usage ?? null) as number | null,
    disk_usage_previous: (previous?.disk_usage ?? null) as number | null,
    why: runs > 1 ? `${why}; ${runs} runs; the last completed counts` : why,
    runs,
    task_id: current === null ? null : idOf(current),
    previous_task_id: previous === null ? null : idOf(previous),
  };
}

/** Every field of every model in February, in the report's order (best AUROC in February first). */
const FEBRUARY_MODELS: ModelEntry[] = [
  {
    model: 'Fraud & abuse score',
    auroc: auroc(fraudAbuse.feb),
    auroc_previous: auroc(fraudAbuse.jan),
    previous_period: '2026-01',
    auroc_change: roundChange(auroc(fraudAbuse.feb) - auroc(fraudAbuse.jan)),
    trend: 'unchanged',
    auroc_best: auroc(fraudAbuse.feb),
    best_period: '2026-02',
    tasks: 3,
    periods: {
      '2025-12': auroc(fraudAbuse.dec),
      '2026-01': auroc(fraudAbuse.jan),
      '2026-02': auroc(fraudAbuse.feb),
    },
    latest_task_id: idOf(fraudAbuse.feb),
    latest_task_name: nameOf(fraudAbuse.feb),
    latest_status: 'completed',
    ...moved(fraudAbuse.feb, fraudAbuse.jan),
  },
  {
    model: 'Fraud detection',
    auroc: auroc(fraudDetection.feb),
    auroc_previous: auroc(fraudDetection.dec),
    previous_period: '2025-12',
    auroc_change: roundChange(auroc(fraudDetection.feb) - auroc(fraudDetection.dec)),
    trend: 'improved',
    auroc_best: auroc(fraudDetection.feb),
    best_period: '2026-02',
    tasks: 3,
    periods: { '2025-12': auroc(fraudDetection.dec), '2026-01': null, '2026-02': auroc(fraudDetection.feb) },
    latest_task_id: idOf(fraudDetection.feb),
    latest_task_name: nameOf(fraudDetection.feb),
    latest_status: 'completed',
    ...moved(fraudDetection.feb, fraudDetection.dec),
  },
  {
    model: 'Cross-sell ranker',
    auroc: auroc(crossSell.feb),
    auroc_previous: null,
    previous_period: null,
    auroc_change: null,
    trend: 'new',
    auroc_best: auroc(crossSell.feb),
    best_period: '2026-02',
    tasks: 1,
    periods: { '2026-02': auroc(crossSell.feb) },
    latest_task_id: idOf(crossSell.feb),
    latest_task_name: nameOf(crossSell.feb),
    latest_status: 'completed',
    ...moved(crossSell.feb, null),
  },
  {
    model: 'Churn model',
    auroc: auroc(churn.feb),
    auroc_previous: auroc(churn.jan),
    previous_period: '2026-01',
    auroc_change: churnChange,
    trend: 'regressed',
    auroc_best: auroc(churn.jan),
    best_period: '2026-01',
    tasks: 3,
    periods: { '2025-12': auroc(churn.dec), '2026-01': auroc(churn.jan), '2026-02': auroc(churn.feb) },
    latest_task_id: idOf(churn.feb),
    latest_task_name: nameOf(churn.feb),
    latest_status: 'completed',
    ...moved(churn.feb, churn.jan),
  },
  {
    model: '이탈 예측',
    auroc: auroc(attrition.feb),
    auroc_previous: auroc(attrition.jan),
    previous_period: '2026-01',
    auroc_change: roundChange(auroc(attrition.feb) - auroc(attrition.jan)),
    trend: 'improved',
    auroc_best: auroc(attrition.feb),
    best_period: '2026-02',
    tasks: 4,
    periods: {
      '2025-12': auroc(attrition.dec),
      '2026-01': auroc(attrition.jan),
      '2026-02': auroc(attrition.feb),
    },
    latest_task_id: idOf(attrition.feb),
    latest_task_name: nameOf(attrition.feb),
    latest_status: 'completed',
    ...moved(attrition.feb, attrition.jan, 2),
  },
  {
    model: 'Demand forecast',
    auroc: auroc(demand.feb),
    auroc_previous: auroc(demand.jan),
    previous_period: '2026-01',
    auroc_change: roundChange(auroc(demand.feb) - auroc(demand.jan)),
    trend: 'regressed',
    auroc_best: auroc(demand.jan),
    best_period: '2026-01',
    tasks: 3,
    periods: { '2025-12': auroc(demand.dec), '2026-01': auroc(demand.jan), '2026-02': auroc(demand.feb) },
    latest_task_id: idOf(demand.feb),
    latest_task_name: nameOf(demand.feb),
    latest_status: 'completed',
    ...moved(demand.feb, demand.jan),
  },
  {
    model: '배송 지연 예측',
    auroc: auroc(delivery.feb),
    auroc_previous: auroc(delivery.jan),
    previous_period: '2026-01',
    auroc_change: roundChange(auroc(delivery.feb) - auroc(delivery.jan)),
    trend: 'improved',
    auroc_best: auroc(delivery.dec),
    best_period: '2025-12',
    tasks: 3,
    periods: {
      '2025-12': auroc(delivery.dec),
      '2026-01': auroc(delivery.jan),
      '2026-02': auroc(delivery.feb),
    },
    latest_task_id: idOf(delivery.feb),
    latest_task_name: nameOf(delivery.feb),
    latest_status: 'completed',
    ...moved(delivery.feb, delivery.jan),
  },
  {
    model: 'Next best offer <NBO>',
    auroc: auroc(offer.feb),
    auroc_previous: auroc(offer.jan),
    previous_period: '2026-01',
    auroc_change: 0,
    trend: 'unchanged',
    // Reached first in January, equalled in February.
    auroc_best: auroc(offer.jan),
    best_period: '2026-01',
    tasks: 3,
    periods: { '2025-12': auroc(offer.dec), '2026-01': auroc(offer.jan), '2026-02': auroc(offer.feb) },
    latest_task_id: idOf(offer.feb),
    latest_task_name: nameOf(offer.feb),
    latest_status: 'completed',
    ...moved(offer.feb, offer.jan),
  },
  {
    model: 'Upsell propensity',
    auroc: auroc(upsell.feb),
    auroc_previous: auroc(upsell.jan),
    previous_period: '2026-01',
    auroc_change: roundChange(auroc(upsell.feb) - auroc(upsell.jan)),
    trend: 'improved',
    auroc_best: auroc(upsell.feb),
    best_period: '2026-02',
    tasks: 3,
    periods: { '2025-12': auroc(upsell.dec), '2026-01': auroc(upsell.jan), '2026-02': auroc(upsell.feb) },
    latest_task_id: idOf(upsell.feb),
    latest_task_name: nameOf(upsell.feb),
    latest_status: 'completed',
    ...moved(upsell.feb, upsell.jan),
  },
  {
    model: 'Lead scoring',
    auroc: auroc(lead.feb),
    auroc_previous: auroc(lead.jan),
    previous_period: '2026-01',
    auroc_change: roundChange(auroc(lead.feb) - auroc(lead.jan)),
    trend: 'improved',
    auroc_best: auroc(lead.feb),
    best_period: '2026-02',
    tasks: 3,
    periods: { '2025-12': auroc(lead.dec), '2026-01': auroc(lead.jan), '2026-02': auroc(lead.feb) },
    latest_task_id: idOf(lead.feb),
    latest_task_name: nameOf(lead.feb),
    latest_status: 'completed',
    ...moved(lead.feb, lead.jan),
  },
  // No AUROC in February: last, by name.
  {
    model: 'credit_risk',
    auroc: null,
    auroc_previous: auroc(credit.jan),
    previous_period: '2026-01',
    auroc_change: null,
    trend: 'failed',
    auroc_best: auroc(credit.jan),
    best_period: '2026-01',
    tasks: 3,
    periods: { '2025-12': auroc(credit.dec), '2026-01': auroc(credit.jan), '2026-02': null },
    latest_task_id: idOf(credit.feb),
    latest_task_name: nameOf(credit.feb),
    latest_status: 'failed',
    ...moved(credit.feb, credit.jan),
  },
  {
    model: '구매 예측',
    auroc: null,
    auroc_previous: auroc(purchase.jan),
    previous_period: '2026-01',
    auroc_change: null,
    trend: 'not_retrained',
    auroc_best: auroc(purchase.jan),
    best_period: '2026-01',
    tasks: 2,
    periods: { '2025-12': auroc(purchase.dec), '2026-01': auroc(purchase.jan) },
    latest_task_id: idOf(purchase.jan),
    latest_task_name: nameOf(purchase.jan),
    latest_status: 'completed',
    ...moved(null, purchase.jan, 0),
  },
  {
    model: '휴면 고객 예측',
    auroc: null,
    auroc_previous: auroc(dormant.jan),
    previous_period: '2026-01',
    auroc_change: null,
    trend: 'unfinished',
    auroc_best: auroc(dormant.jan),
    best_period: '2026-01',
    tasks: 3,
    periods: { '2025-12': auroc(dormant.dec), '2026-01': auroc(dormant.jan), '2026-02': null },
    latest_task_id: idOf(dormant.feb),
    latest_task_name: nameOf(dormant.feb),
    latest_status: 'in_progress',
    ...moved(dormant.feb, dormant.jan),
  },
];

/** The keys of a JSON model entry, in contract order. */
const MODEL_KEYS = [
  'model',
  'auroc',
  'auroc_previous',
  'previous_period',
  'auroc_change',
  'trend',
  'auroc_best',
  'best_period',
  'tasks',
  'periods',
  'latest_task_id',
  'latest_task_name',
  'latest_status',
  'line_count',
  'line_count_previous',
  'line_count_change_pct',
  'train_feature_changed',
  'test_feature_changed',
  'train_file_changed',
  'test_file_changed',
  'duration_seconds',
  'duration_previous',
  'disk_usage',
  'disk_usage_previous',
  'why',
  'runs',
  'task_id',
  'previous_task_id',
];
const PERIODS = ['2025-12', '2026-01', '2026-02'];
/** The default template's words for trends and statuses, as the Models sheet shows them. */
const TREND_LABELS: Record<string, string> = {
  improved: 'improved',
  regressed: 'regressed',
  unchanged: 'unchanged',
  new: 'new',
  failed: 'failed',
  unfinished: 'unfinished',
  not_retrained: 'not retrained',
};
const STATUS_LABELS: Record<string, string> = {
  completed: 'Available',
  failed: 'Failed',
  in_progress: 'Creating',
};
const MINUS = '\u2212';

let root: string;
let januaryDir: string;
let emulator: Emulator;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nclue-monthly-'));
  januaryDir = join(root, 'january');
  await mkdir(januaryDir);
  await writeFile(join(root, 'january.txt'), `${[...DECEMBER, ...JANUARY].map(idOf).join('\n')}\n`);
  await writeFile(join(root, 'february.txt'), `${FEBRUARY.map(idOf).join('\n')}\n`);
  // One ID the emulator does not know: a fetch error, so the run is partial.
  await writeFile(join(root, 'february-partial.txt'), `${[...FEBRUARY.map(idOf), uuid(999)].join('\n')}\n`);
  emulator = await createEmulator({
    tasks: [...DECEMBER, ...JANUARY, ...FEBRUARY],
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    rps: 1000,
  });
});

afterAll(async () => {
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

function run(args: string[], out: string) {
  return runInProcess([...args, '--endpoint', emulator.url, '--rps', '500', '--out', out, '--no-progress'], {
    env: ENV,
  });
}

function runFebruary(out: string, args: string[], ids = 'february.txt') {
  return run(['--ids', join(root, ids), '--name', 'february', ...args], out);
}

function csvRows(text: string): string[][] {
  return parseCsv(text).map((record) => record.fields);
}

async function readJsonReport(path: string): Promise<{
  period: string;
  previousPeriod: string | null;
  models: Array<Record<string, unknown>>;
}> {
  return JSON.parse(await readFile(path, 'utf8')) as {
    period: string;
    previousPeriod: string | null;
    models: Array<Record<string, unknown>>;
  };
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `models: 5 improved, 2 regressed (largest drop: Churn model −0.0396), …`, from the expectations. */
function expectedModelsLine(): string {
  const drop = `${MINUS}${Math.abs(churnChange).toFixed(4)}`;
  return (
    `models: 5 improved, 2 regressed (largest drop: Churn model ${drop} (${moved(churn.feb, churn.jan).why})), ` +
    '2 unchanged, 1 new, ' +
    '1 failed, 1 unfinished, 1 not retrained'
  );
}

/** Every February report in `dir` holds exactly FEBRUARY_MODELS. */
async function expectFebruaryReports(dir: string): Promise<void> {
  expect((await readdir(dir)).sort()).toEqual([
    'february.csv',
    'february.html',
    'february.json',
    'february.models.csv',
    'february.xlsx',
  ]);

  const json = await readJsonReport(join(dir, 'february.json'));
  expect(json.period).toBe('2026-02');
  expect(json.previousPeriod).toBe('2026-01');
  for (const entry of json.models) expect(Object.keys(entry)).toEqual(MODEL_KEYS);
  expect(json.models).toEqual(FEBRUARY_MODELS);
  for (const entry of json.models) {
    expect(Object.keys(entry.periods as object), String(entry.model)).toEqual(
      PERIODS.filter((period) => period in (entry.periods as object)),
    );
  }

  // The task CSV: the contract columns, the comparison columns, each task's model and period, then
  // the task it was compared with.
  const tasks = csvRows(await readFile(join(dir, 'february.csv'), 'utf8'));
  expect(tasks[0]).toEqual([...REPORT_COLUMNS, ...COMPARE_COLUMNS, ...MODEL_COLUMNS, ...LINEAGE_COLUMNS]);
  // Each February task belongs to the model it is the latest task of (both of 이탈 예측's runs).
  const modelOf = (task: Task) =>
    FEBRUARY_MODELS.find((entry) => entry.latest_task_name === nameOf(task))?.model;
  expect(tasks.slice(1).map((fields) => [fields[0], ...fields.slice(-3, -1)])).toEqual(
    FEBRUARY.map((task) => [idOf(task), modelOf(task), '2026-02']),
  );

  // <name>.models.csv: the JSON fields in their order, then one column per period, oldest first.
  const models = csvRows(await readFile(join(dir, 'february.models.csv'), 'utf8'));
  const cell = (value: string | number | boolean | null): string => (value === null ? '' : String(value));
  expect(models).toEqual([
    [...MODEL_KEYS.filter((key) => key !== 'periods'), 'auroc_2025_12', 'auroc_2026_01', 'auroc_2026_02'],
    ...FEBRUARY_MODELS.map((entry) => [
      entry.model,
      cell(entry.auroc),
      cell(entry.auroc_previous),
      cell(entry.previous_period),
      cell(entry.auroc_change),
      entry.trend,
      cell(entry.auroc_best),
      cell(entry.best_period),
      String(entry.tasks),
      entry.latest_task_id,
      cell(entry.latest_task_name),
      cell(entry.latest_status),
      cell(entry.line_count),
      cell(entry.line_count_previous),
      cell(entry.line_count_change_pct),
      cell(entry.train_feature_changed),
      cell(entry.test_feature_changed),
      cell(entry.train_file_changed),
      cell(entry.test_file_changed),
      cell(entry.duration_seconds),
      cell(entry.duration_previous),
      cell(entry.disk_usage),
      cell(entry.disk_usage_previous),
      // The unfinished model's why is a matcher: compared as it is.
      entry.why,
      String(entry.runs),
      cell(entry.task_id),
      cell(entry.previous_task_id),
      ...PERIODS.map((period) => cell(entry.periods[period] ?? null)),
    ]),
  ]);

  // The Models sheet: names, trend labels, every AUROC a number cell.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(join(dir, 'february.xlsx'));
  const sheet = workbook.getWorksheet('Models');
  expect(sheet, 'Models sheet').toBeDefined();
  let headerRow = 0;
  sheet?.eachRow((row, rowNumber) => {
    if (headerRow === 0 && row.getCell(2).value === 'Trend') headerRow = rowNumber;
  });
  expect(headerRow).toBeGreaterThan(0);
  const header = sheet?.getRow(headerRow);
  expect(header?.getCell(1).value).toBe('Model');
  // model, trend, AUROC, previous AUROC and period, change, why, best and its period, latest status,
  // runs, periods
  expect([7, 11].map((column) => header?.getCell(column).value)).toEqual(['Why', 'Runs']);
  expect([12, 13, 14].map((column) => header?.getCell(column).value)).toEqual(PERIODS);
  const sheetRows: unknown[][] = [];
  for (let r = headerRow + 1; r <= headerRow + FEBRUARY_MODELS.length + 1; r += 1) {
    const row = sheet?.getRow(r);
    sheetRows.push(Array.from({ length: 14 }, (_, i) => row?.getCell(i + 1).value ?? null));
  }
  expect(sheetRows).toEqual([
    ...FEBRUARY_MODELS.map((entry) => [
      entry.model,
      TREND_LABELS[entry.trend],
      entry.auroc,
      entry.auroc_previous,
      entry.previous_period,
      entry.auroc_change,
      entry.why === '' ? null : entry.why,
      entry.auroc_best,
      entry.best_period,
      STATUS_LABELS[entry.latest_status ?? ''],
      entry.runs,
      ...PERIODS.map((period) => entry.periods[period] ?? null),
    ]),
    // Nothing after the last model.
    Array.from({ length: 14 }, () => null),
  ]);

  // The page: every model in the models section's table, its name escaped.
  const html = await readFile(join(dir, 'february.html'), 'utf8');
  const section = /<section id="models">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  expect(section).toContain('models-table');
  for (const entry of FEBRUARY_MODELS) expect(section, entry.model).toContain(escapeHtml(entry.model));
  expect(section).not.toContain('<NBO>');
  expect(section).not.toContain('Fraud & abuse');
}

describe('monthly models through the CLI', () => {
  it('a January run over December and January tasks reports January, one model per family', async () => {
    const result = await run(
      ['--ids', join(root, 'january.txt'), '--name', 'january', '--format', 'csv,xlsx,json,html'],
      januaryDir,
    );
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(januaryDir)).sort()).toEqual([
      'january.csv',
      'january.html',
      'january.json',
      'january.models.csv',
      'january.xlsx',
    ]);
    const json = await readJsonReport(join(januaryDir, 'january.json'));
    expect(json.period).toBe('2026-01');
    expect(json.previousPeriod).toBe('2025-12');
    const change = (family: { dec: Task; jan: Task }) =>
      roundChange(roundChange(auroc(family.jan) - auroc(family.dec)));
    expect(
      json.models.map((m) => [m.model, m.trend, m.auroc, m.auroc_change, m.previous_period, m.tasks]),
    ).toEqual([
      ['Fraud & abuse score', 'improved', auroc(fraudAbuse.jan), change(fraudAbuse), '2025-12', 2],
      ['Churn model', 'improved', auroc(churn.jan), change(churn), '2025-12', 2],
      ['Demand forecast', 'improved', auroc(demand.jan), change(demand), '2025-12', 2],
      ['이탈 예측', 'improved', auroc(attrition.jan), change(attrition), '2025-12', 2],
      ['배송 지연 예측', 'regressed', auroc(delivery.jan), change(delivery), '2025-12', 2],
      ['Next best offer <NBO>', 'improved', auroc(offer.jan), change(offer), '2025-12', 2],
      ['휴면 고객 예측', 'improved', auroc(dormant.jan), change(dormant), '2025-12', 2],
      ['Upsell propensity', 'improved', auroc(upsell.jan), change(upsell), '2025-12', 2],
      ['구매 예측', 'improved', auroc(purchase.jan), change(purchase), '2025-12', 2],
      // The latest task's name, cleaned: its case wins.
      ['LEAD SCORING', 'improved', auroc(lead.jan), change(lead), '2025-12', 2],
      ['credit_risk', 'improved', auroc(credit.jan), change(credit), '2025-12', 2],
      ['Fraud detection', 'failed', null, null, '2025-12', 2],
    ]);
  });

  it.each([
    ['json', 'january/january.json'],
    ['csv', 'january/january.csv'],
    ['xlsx', 'january/january.xlsx'],
    ['folder', 'january'],
  ])(
    'a February run compared with the January %s gives every model, field and trend exactly',
    async (label, compared) => {
      const out = join(root, `february-${label}`);
      const result = await runFebruary(out, [
        '--format',
        'csv,xlsx,json,html',
        '--compare',
        join(root, compared),
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr.split('\n')).toContain(expectedModelsLine());
      // The folder's html and models.csv are not task reports, and its three formats are one run.
      expect(result.stderr).not.toContain('warning:');
      await expectFebruaryReports(out);
    },
  );

  it('a folder with a foreign CSV and a broken JSON beside the January reports: a warning naming them', async () => {
    const folder = join(root, 'history-with-junk');
    await mkdir(folder);
    for (const file of await readdir(januaryDir)) await copyFile(join(januaryDir, file), join(folder, file));
    await writeFile(join(folder, 'notes.csv'), 'note,owner\nretrain churn in March,kim\n');
    await writeFile(join(folder, 'broken.json'), '{"format": "nclue-report", "rows": [');
    const out = join(root, 'february-junk');
    const result = await runFebruary(out, ['--format', 'csv,xlsx,json,html', '--compare', folder]);
    expect(result.code, result.stderr).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning:'));
    expect(
      warnings.some((line) => line.includes(join(folder, 'notes.csv'))),
      result.stderr,
    ).toBe(true);
    expect(
      warnings.some((line) => line.includes(join(folder, 'broken.json'))),
      result.stderr,
    ).toBe(true);
    expect(
      warnings.some((line) => /january\./.test(line)),
      result.stderr,
    ).toBe(false);
    await expectFebruaryReports(out);
  });

  describe('--fail-on-regression', () => {
    const drop = -churnChange;

    it.each([[[]], [['--quiet']]])(
      'exits 5 just under the largest drop and names the model, after writing the reports (%j)',
      async (extra) => {
        const out = join(root, `regression-under${extra.join('')}`);
        const result = await runFebruary(out, [
          '--format',
          'json',
          '--compare',
          januaryDir,
          '--fail-on-regression',
          String(drop - 0.001),
          ...extra,
        ]);
        expect(result.code, result.stderr).toBe(5);
        const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
        expect(
          errors.some((line) => line.includes('Churn model')),
          result.stderr,
        ).toBe(true);
        // Demand forecast fell by less than the threshold.
        expect(result.stderr).not.toContain('Demand forecast');
        expect((await readJsonReport(join(out, 'february.json'))).models).toEqual(FEBRUARY_MODELS);
      },
    );

    it('exits 0 just over the largest drop', async () => {
      const result = await runFebruary(join(root, 'regression-over'), [
        '--format',
        'json',
        '--compare',
        januaryDir,
        '--fail-on-regression',
        String(drop + 0.001),
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('error:');
    });

    it('exits 3 when the run is also partial, and still names the model', async () => {
      const result = await runFebruary(
        join(root, 'regression-partial'),
        ['--format', 'json', '--compare', januaryDir, '--fail-on-regression', String(drop - 0.001)],
        'february-partial.txt',
      );
      expect(result.code, result.stderr).toBe(3);
      const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
      expect(
        errors.some((line) => line.includes('Churn model')),
        result.stderr,
      ).toBe(true);
    });
  });

  it.each([
    [['--fail-on-regression', '0'], /--fail-on-regression must be .* got "0"/],
    [['--fail-on-regression', '1'], /--fail-on-regression must be .* got "1"/],
    [['--fail-on-regression', 'abc'], /--fail-on-regression must be .* got "abc"/],
    [['--fail-on-regression', '-0.1'], /--fail-on-regression must be .* got "-0\.1"/],
    [['--model-pattern', '('], /--model-pattern is not a valid regular expression/],
    [['--compare', 'BROKEN'], /broken\.json/],
  ])('exits 2 for %j before sending any request', async (args, message) => {
    const before = emulator.stats.requests;
    const out = join(root, 'refused');
    const result = await runFebruary(
      out,
      args.map((arg) => (arg === 'BROKEN' ? join(root, 'history-with-junk', 'broken.json') : arg)),
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(emulator.stats.requests).toBe(before);
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });
});
