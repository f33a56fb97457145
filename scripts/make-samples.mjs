/**
 * Writes the bundled sample data: twelve model families retrained monthly from August to November 2026,
 * as the NCLUE Get-task API would return them. No dependencies and no randomness: every "random" digit
 * comes from a PRNG seeded by a fixed key (a family and a month), so the output is the same on every run.
 *
 *   node scripts/make-samples.mjs          # rewrites samples/
 *   node scripts/make-samples.mjs OUT_DIR  # writes the same files into OUT_DIR (the tests compare them)
 *
 * Files: tasks.json (every task, newest first), task-ids.txt (the November 2026 list), task-ids.csv (the
 * same list as a console export), task-ids-2026-10.txt (August to October: the October report),
 * demo-config.json (the config file the demo runs with: a model alias), and faults.json (scripted
 * faults for a few November tasks). samples/README.md tells the story.
 */
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(process.argv[2] ?? join(ROOT, 'samples'));

const YEAR = 2026;
const MONTHS = [8, 9, 10, 11];
const EN_SHORT = { 8: 'Aug', 9: 'Sep', 10: 'Oct', 11: 'Nov' };
const EN_LONG = { 8: 'August', 9: 'September', 10: 'October', 11: 'November' };
const pad = (n, width = 2) => String(n).padStart(width, '0');

/**
 * The twelve families. `auroc` holds the AUROC to four decimals per month (Aug, Sep, Oct, Nov) in units
 * of 0.0001: a number for a completed retrain, 'failed:CODE' for a failed one, null when the family was
 * not retrained that month. The last 12 of the 16 digits come from the PRNG.
 */
const FAMILIES = [
  {
    key: 'purchase',
    name: (m) => `구매예측 모델 ${YEAR}-${pad(m)}`,
    feature: (m) => `purchase_features_${YEAR}_${pad(m)}`,
    path: (m) => `purchase/${YEAR}-${pad(m)}`,
    bucket: 'nclue-groundtruth',
    withTest: true,
    day: 2,
    lines: 1_840_000,
    bytesPerLine: 410,
    auroc: [8412, 8467, 8391, 8515],
  },
  {
    key: 'churn',
    name: (m) => `churn-model-${YEAR}${pad(m)}`,
    feature: (m) => `churn_features_${YEAR}${pad(m)}`,
    path: (m) => `churn/${YEAR}${pad(m)}`,
    bucket: 'crm-analytics-prod',
    withTest: true,
    day: 2,
    lines: 920_000,
    bytesPerLine: 260,
    // November regresses by exactly 0.0300 (same trailing digits as October, see SAME_TAIL), trained on
    // half the data: an upstream export lost a shard.
    auroc: [8436, 8471, 8500, 8200],
    novemberLines: 0.5,
  },
  {
    key: 'ltv',
    // Renamed in Korean for November; the demo's config joins the two names with an alias.
    name: (m) => (m === 11 ? `고객 생애가치(LTV) 예측 ${YEAR}.${pad(m)}` : `LTV forecast ${YEAR}.${pad(m)}`),
    feature: (m) => `ltv_features_${YEAR}_${pad(m)}`,
    path: (m) => `ltv/${YEAR}.${pad(m)}`,
    bucket: 'crm-analytics-prod',
    withTest: false,
    day: 3,
    lines: 3_650_000,
    bytesPerLine: 690,
    auroc: [7724, 'failed:DISK_SPACE_SHORTAGE', 7802, 7850],
  },
  {
    key: 'coupon',
    name: (m) => `coupon_response_${YEAR}_${pad(m)}`,
    // November trains on the second version of the coupon feature.
    feature: (m) => (m === 11 ? `coupon_features_v2_${YEAR}_${pad(m)}` : `coupon_features_${YEAR}_${pad(m)}`),
    path: (m) => `coupon/${YEAR}_${pad(m)}`,
    bucket: 'mkt-ai-labels',
    withTest: true,
    day: 3,
    lines: 410_000,
    bytesPerLine: 180,
    auroc: [7315, 7398, 7352, 7539],
  },
  {
    key: 'credit',
    name: (m) => `Credit risk scorecard ${YEAR}/${pad(m)}`,
    feature: (m) => `credit_bureau_features_${YEAR}_${pad(m)}`,
    path: (m) => `credit/${YEAR}/${pad(m)}`,
    bucket: 'risk-models-prod',
    withTest: true,
    day: 9,
    lines: 2_260_000,
    bytesPerLine: 520,
    auroc: [8622, 8655, 8690, 'failed:NOT_EXIST_FILE'],
  },
  {
    key: 'dormant',
    name: (m) => `휴면 고객 예측 (${m}월)`,
    feature: (m) => `휴면 고객 행동 ${YEAR}-${pad(m)}`,
    path: (m) => `dormant/${YEAR}-${pad(m)}`,
    bucket: 'crm-analytics-prod',
    withTest: false,
    day: 4,
    lines: 640_000,
    bytesPerLine: 150,
    auroc: [8853, 8821, 8879, 8910],
  },
  {
    key: 'ad-conversion',
    name: (m) => `광고 전환 예측 ${m}월`,
    feature: (m) => `광고 노출 클릭 로그 ${YEAR}-${pad(m)}`,
    path: (m) => `ad-conversion/${YEAR}-${pad(m)}`,
    bucket: 'mkt-ai-labels',
    withTest: false,
    day: 4,
    lines: 4_300_000,
    bytesPerLine: 560,
    // November: the first attempt fails to download its file; the re-run a day later completes.
    auroc: [7918, 7987, 8034, ['failed:OBS_DOWNLOAD_FAILED', 8130]],
  },
  {
    key: 'reco-click',
    name: (m) => `추천 클릭 예측 ${YEAR}년 ${m}월`,
    feature: (m) => `추천 노출 로그 ${YEAR}년 ${m}월`,
    path: (m) => `reco-click/${YEAR}-${pad(m)}`,
    bucket: 'mkt-ai-labels',
    withTest: false,
    day: 5,
    lines: 2_900_000,
    bytesPerLine: 330,
    auroc: [7106, 7189, 7244, 7270],
  },
  {
    key: 'fraud',
    name: (m) => `Fraud detection ${EN_SHORT[m]} ${YEAR}`,
    feature: (m) => `fraud_txn_features_${YEAR}_${pad(m)}`,
    path: (m) => `fraud/${YEAR}-${pad(m)}`,
    bucket: 'risk-models-prod',
    withTest: true,
    day: 6,
    lines: 1_250_000,
    bytesPerLine: 470,
    auroc: [9188, 9203, 9174, 9326],
  },
  {
    key: 'demand',
    name: (m) => `Demand forecast - ${EN_LONG[m]} ${YEAR}`,
    feature: (m) => `demand_features_${YEAR}_${pad(m)}`,
    path: (m) => `demand/${YEAR}-${pad(m)}`,
    bucket: 'scm-forecast-data',
    withTest: false,
    day: 6,
    lines: 780_000,
    bytesPerLine: 240,
    // Not retrained in November.
    auroc: [8015, 7962, 8048, null],
  },
  {
    key: 'delivery-delay',
    name: (m, d) => `배송 지연 예측 ${YEAR}-${pad(m)}-${pad(d)}`,
    feature: (m) => `배송 이력 ${YEAR}-${pad(m)}`,
    path: (m) => `delivery-delay/${YEAR}-${pad(m)}`,
    bucket: 'scm-forecast-data',
    withTest: true,
    day: 3,
    lines: 96_000,
    bytesPerLine: 120,
    auroc: [7631, 7702, 7688, 7755],
  },
  {
    key: 'upsell',
    name: (m, d) => `Upsell propensity ${YEAR}${pad(m)}${pad(d)}`,
    feature: (m) => `upsell_features_${YEAR}_${pad(m)}`,
    path: (m) => `upsell/${YEAR}-${pad(m)}`,
    bucket: 'nclue-groundtruth',
    withTest: false,
    day: 5,
    lines: 520_000,
    bytesPerLine: 210,
    // A new model: first trained in November.
    auroc: [null, null, null, 8143],
  },
];

/** Families whose November AUROC keeps October's trailing digits, so the change is exact to the digit. */
const SAME_TAIL = new Set(['churn']);

/** FNV-1a: a 32-bit seed from a text key. */
function seedOf(key) {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small deterministic PRNG; returns a function giving numbers in [0, 1). */
function prng(key) {
  let a = seedOf(key);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rand, low, high) => low + Math.floor(rand() * (high - low + 1));

/** A version-4 shaped UUID, lower case, fixed by its key. */
function uuid(key) {
  const rand = prng(`uuid:${key}`);
  const hex = Array.from({ length: 32 }, () => int(rand, 0, 15).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[int(rand, 0, 3)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Wall-clock text without a zone, as the API writes it. Dates are computed in UTC to ignore TZ. */
const apiTime = (ms) => new Date(ms).toISOString().slice(0, 19);

/** The 16-digit AUROC string: four decimals from the table, twelve from the PRNG. */
function aurocText(level, tail) {
  return `0.${pad(level, 4)}${tail}`;
}
const tailOf = (key) => {
  const rand = prng(`auroc:${key}`);
  // The API prints a float: no trailing zero.
  return [...Array.from({ length: 11 }, () => int(rand, 0, 9)), int(rand, 1, 9)].join('');
};

function makeTasks() {
  const tasks = [];
  for (const family of FAMILIES) {
    MONTHS.forEach((month, index) => {
      const plan = family.auroc[index];
      if (plan === null) return;
      const attempts = Array.isArray(plan) ? plan : [plan];
      const rand = prng(`${family.key}:${month}`);
      // Monthly runs drift a day or two from the family's usual day.
      const day = family.day + int(rand, 0, 2);
      const featureId = uuid(`feature:${family.key}:${month}`);
      const feature = family.feature(month);
      const growth = 1 + (index * 0.03 + (rand() - 0.5) * 0.04);
      const scale = month === 11 ? (family.novemberLines ?? 1) : 1;
      const trainLines = Math.round((family.lines * growth * scale) / 10) * 10;
      const testLines = family.withTest ? Math.round((trainLines * (0.18 + rand() * 0.06)) / 10) * 10 : 0;
      // Attempts of the same month keep the first attempt's name: the same job run again.
      const name = family.name(month, day);
      attempts.forEach((outcome, attempt) => {
        const start = Date.UTC(
          YEAR,
          month - 1,
          day + attempt,
          int(rand, 8, 11),
          int(rand, 0, 59),
          int(rand, 0, 59),
        );
        const failed = typeof outcome === 'string';
        const duration = failed ? int(rand, 40, 1500) : int(rand, 2 * 3600, 6 * 3600);
        const lineCount = trainLines + testLines;
        const diskUsage = Math.round(lineCount * family.bytesPerLine * (0.95 + rand() * 0.1));
        const tailKey =
          SAME_TAIL.has(family.key) && month === 11 ? `${family.key}:10` : `${family.key}:${month}`;
        tasks.push({
          task_id: uuid(`task:${family.key}:${month}:${attempt}`),
          task_name: name,
          status: failed ? 'failed' : 'completed',
          created_at: apiTime(start),
          completed_at: apiTime(start + duration * 1000),
          train_feature_id: featureId,
          train_feature_name: feature,
          train_bucket: family.bucket,
          train_file_path: `${family.path(month)}/train.csv`,
          test_feature_id: family.withTest ? featureId : null,
          test_feature_name: family.withTest ? feature : null,
          test_bucket: family.withTest ? family.bucket : null,
          test_file_path: family.withTest ? `${family.path(month)}/test.csv` : null,
          AUROC: failed ? null : aurocText(outcome, tailOf(tailKey)),
          line_count: failed ? null : lineCount,
          disk_usage: failed ? null : diskUsage,
          fail_message: failed ? outcome.slice('failed:'.length) : null,
        });
      });
    });
  }
  return tasks.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

const monthOf = (task) => Number(task.created_at.slice(5, 7));
const oldestFirst = (tasks) => [...tasks].reverse();

function idList(header, sections) {
  const lines = [...header.map((l) => `# ${l}`.trimEnd())];
  for (const { title, tasks } of sections) {
    lines.push('', `# ${title}`);
    for (const task of tasks) lines.push(task.task_id);
  }
  return `${lines.join('\n')}\n`;
}

const csvField = (text) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function write(name, text) {
  writeFileSync(join(OUT, name), text);
}

const tasks = makeTasks();
const november = tasks.filter((t) => monthOf(t) === 11);
const history = tasks.filter((t) => monthOf(t) < 11);

mkdirSync(OUT, { recursive: true });
write('tasks.json', `${JSON.stringify(tasks, null, 2)}\n`);

write(
  'task-ids.txt',
  idList(
    [
      'November 2026 monthly model report: every NCLUE task created in November 2026, one ID per line.',
      'Generated by scripts/make-samples.mjs from samples/tasks.json; lines starting with # are comments.',
      'Compare it with last month: --compare with the report of samples/task-ids-2026-10.txt.',
    ],
    [{ title: `${YEAR}-11 (${november.length} tasks, oldest first)`, tasks: oldestFirst(november) }],
  ),
);

write(
  'task-ids-2026-10.txt',
  idList(
    [
      'October 2026 monthly model report: the history up to October, every NCLUE task created from',
      'August to October 2026, one ID per line.',
      'Generated by scripts/make-samples.mjs from samples/tasks.json; lines starting with # are comments.',
    ],
    [8, 9, 10].map((month) => {
      const list = history.filter((t) => monthOf(t) === month);
      return {
        title: `${YEAR}-${pad(month)} (${list.length} tasks, oldest first)`,
        tasks: oldestFirst(list),
      };
    }),
  ),
);

write(
  'task-ids.csv',
  `${['task_id,task_name,status', ...november.map((t) => [t.task_id, t.task_name, t.status].map(csvField).join(','))].join('\n')}\n`,
);

// The demo's config file: the LTV family was renamed in Korean for November; the alias keeps it one model.
write(
  'demo-config.json',
  `${JSON.stringify({ 'model-aliases': { 'LTV forecast': '고객 생애가치(LTV) 예측' } }, null, 2)}\n`,
);

// Scripted faults on four completed November tasks, oldest first: a 503 then a 429, a connection reset,
// a truncated body and a JSON body cut off mid-object. Each task is served normally afterwards.
const [f1, f2, f3, f4] = oldestFirst(november).filter((t) => t.status === 'completed');
const cutBody = JSON.stringify(`{"task_id": "${f4.task_id}", `);
write(
  'faults.json',
  [
    '{',
    `  "${f1.task_id}": [{ "status": 503 }, { "status": 429, "retryAfter": "1" }],`,
    `  "${f2.task_id}": [{ "reset": true }],`,
    `  "${f3.task_id}": [{ "truncate": true }],`,
    `  "${f4.task_id}": [`,
    `    { "body": ${cutBody} }`,
    '  ]',
    '}',
    '',
  ].join('\n'),
);

process.stdout.write(
  `make-samples: ${tasks.length} tasks (${november.length} in November) written to ${OUT}\n`,
);
