/**
 * Deterministic synthetic task data for the benchmark: the fields of the Get-task response
 * (shared/reference/nclue-api.md §2), the same for the same count and seed on every machine.
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

/** `count` tasks, newest first like the console lists them. */
export function createSyntheticTasks(count: number, seed = 1): Array<Record<string, unknown>> {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const start = Date.UTC(2025, 0, 1) / 1000;
  const tasks: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const status = pick(STATUSES);
    const created = start + (count - i) * 600 + Math.floor(random() * 300);
    const done = status === 'completed' || status === 'failed';
    const withTest = random() < 0.5;
    tasks.push({
      task_id: syntheticTaskId(i),
      task_name: `${pick(NAMES)} #${i}`,
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
