/**
 * Deterministic synthetic task data for the benchmark: the fields of the Get-task response
 * (docs/api.md "Get task"), the same for the same count and seed on every machine.
 */

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The n-th synthetic task ID: a valid version-4-shaped UUID. */
export function syntheticTaskId(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `5e1f0000-0000-4000-8000-${hex}`;
}

const STATUSES = [
  'completed',
  'completed',
  'completed',
  'completed',
  'failed',
  'in_progress',
  'pending',
  'registered',
];
const FAIL_MESSAGES = [
  'NUM_OF_LABEL_INSUFFICIENT',
  'NOT_EXIST_FILE',
  'DUPLICATE_USERID',
  'OBS_DOWNLOAD_FAILED',
];
const NAMES = [
  'weekly retrain',
  '구매 전환 예측',
  'churn model',
  '장바구니 이탈',
  'category affinity - 패션',
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function wallClock(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** How createSyntheticTasks spreads and names its tasks; every field has the default shown. */
export interface SyntheticTaskShape {
  /** The first task's ID number (syntheticTaskId); sets made with different ones share no ID. 0. */
  firstId?: number;
  /** The time before the oldest task's creation, epoch seconds. 2025-01-01T00:00:00Z. */
  startSeconds?: number;
  /** Seconds between two consecutive tasks' creation; each gets up to half of it more at random. 600. */
  spacingSeconds?: number;
  /** The task's name; by default one of a few names with ` #i`. */
  name?: (i: number) => string;
}

/**
 * `count` tasks, newest first like the console lists them, created between `startSeconds` and
 * `startSeconds + (count + ½) · spacingSeconds`.
 */
export function createSyntheticTasks(
  count: number,
  seed = 1,
  shape: SyntheticTaskShape = {},
): Array<Record<string, unknown>> {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const start = shape.startSeconds ?? Date.UTC(2025, 0, 1) / 1000;
  const spacing = shape.spacingSeconds ?? 600;
  const firstId = shape.firstId ?? 0;
  const tasks: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const status = pick(STATUSES);
    const created = start + (count - i) * spacing + Math.floor(random() * (spacing / 2));
    const done = status === 'completed' || status === 'failed';
    const withTest = random() < 0.5;
    tasks.push({
      task_id: syntheticTaskId(firstId + i),
      task_name: shape.name?.(i) ?? `${pick(NAMES)} #${i}`,
      status,
      created_at: wallClock(created),
      completed_at: done ? wallClock(created + 60 + Math.floor(random() * 7200)) : null,
      train_feature_id: syntheticTaskId(1_000_000 + (i % 97)),
      train_feature_name: `feature ${i % 97}`,
      train_bucket: 'nclue-bench',
      train_file_path: `bench/${i % 13}/train.csv`,
      test_feature_id: withTest ? syntheticTaskId(2_000_000 + (i % 89)) : null,
      test_feature_name: withTest ? `test feature ${i % 89}` : null,
      test_bucket: withTest ? 'nclue-bench' : null,
      test_file_path: withTest ? `bench/${i % 13}/test.csv` : null,
      AUROC: status === 'completed' ? String(0.5 + random() / 2) : null,
      line_count: done ? Math.floor(random() * 1_000_000) : null,
      disk_usage: done ? Math.floor(random() * 4_000_000_000) : null,
      fail_message: status === 'failed' ? pick(FAIL_MESSAGES) : null,
    });
  }
  return tasks;
}

type NameInMonth = (year: number, month: number) => string;

const MONTH_ABBREVIATIONS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/**
 * Twelve model families as teams name their monthly retrains: the same words each month and a period
 * marker in one of the forms src/models/period-marker.ts removes (`churn-model-202601`,
 * `추천 클릭 예측 2026년 1월`, `Fraud detection Jan 2026`, …).
 */
const MODEL_FAMILIES: readonly NameInMonth[] = [
  (y, m) => `churn-model-${y}${pad(m)}`,
  (y, m) => `구매예측 모델 ${y}-${pad(m)}`,
  (y, m) => `LTV forecast ${y}.${pad(m)}`,
  (y, m) => `coupon_response_${y}_${pad(m)}`,
  (y, m) => `Credit risk scorecard ${y}/${pad(m)}`,
  (y, m) => `Fraud detection ${MONTH_ABBREVIATIONS[m - 1] ?? ''} ${y}`,
  (y, m) => `추천 클릭 예측 ${y}년 ${m}월`,
  (y, m) => `배송 지연 예측 ${y}-${pad(m)}-05`,
  (y, m) => `Upsell propensity ${y}${pad(m)}06`,
  (y, m) => `휴면 고객 예측 (${m}월)`,
  (y, m) => `Demand forecast - ${y}-${pad(m)}`,
  (y, m) => `category affinity - 패션 ${y}${pad(m)}`,
];

/** How many models createMonthlyTasks's tasks belong to. */
export const MONTHLY_MODEL_COUNT = MODEL_FAMILIES.length;

/**
 * `count` tasks created in one calendar month (UTC), newest first, each the retrain of one of
 * MONTHLY_MODEL_COUNT models named with that month's marker (`churn-model-202601`): the tasks of one
 * monthly report. Task IDs start at 10,000,000 + 10,000 × the month's index since 2000, so months
 * share no ID, with each other or with createSyntheticTasks's defaults, while count ≤ 10,000.
 */
export function createMonthlyTasks(
  year: number,
  month: number,
  count: number,
  seed = 1,
): Array<Record<string, unknown>> {
  const startMs = Date.UTC(year, month - 1, 1);
  const monthSeconds = (Date.UTC(year, month, 1) - startMs) / 1000;
  const monthIndex = (year - 2000) * 12 + (month - 1);
  return createSyntheticTasks(count, seed, {
    firstId: 10_000_000 + monthIndex * 10_000,
    startSeconds: startMs / 1000,
    spacingSeconds: Math.floor(monthSeconds / (count + 1)),
    name: (i) => (MODEL_FAMILIES[i % MODEL_FAMILIES.length] as NameInMonth)(year, month),
  });
}
