/**
 * Measures the large-report path: N synthetic tasks (default 100,000; Hangul and Latin names, every
 * status) → CSV + xlsx through writeReports, as the CLI writes them. Prints wall time per format and the
 * process's peak RSS. Not part of the test suite (it takes seconds); run it by hand:
 *
 *   npx tsx test/e2e/measure-large-report.ts [rows] [formats]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Format } from '../../src/core/formats.js';
import { createErrorRow } from '../../src/report/error-row.js';
import type { ReportRow } from '../../src/core/row.js';
import { writeReports } from '../../src/writers/write-reports.js';
import { buildReport } from '../writers/document.js';

const STATUSES = ['completed', 'completed', 'completed', 'failed', 'pending', 'in_progress', 'registered'];

function createRow(index: number): ReportRow {
  const status = STATUSES[index % STATUSES.length] ?? 'completed';
  const hex = index.toString(16).padStart(12, '0');
  const completed = status === 'completed';
  return {
    ...createErrorRow(`${hex.slice(0, 8)}-0000-4000-8000-${hex}`, ''),
    fetch_error: null,
    task_name: index % 2 === 0 ? `구매 예측 모델 ${index}` : `purchase model ${index} (weekly retrain)`,
    status,
    auroc: completed ? 0.5 + ((index * 7919) % 5000) / 10000 : null,
    created_at: '2025-01-15T10:01:02',
    completed_at: completed ? '2025-01-15T11:31:02' : null,
    duration_seconds: completed ? 5400 : null,
    train_feature_id: `f${hex}`,
    train_feature_name: '2025-01 신규가입 행동 feature',
    train_bucket: 'nclue-demo-bucket',
    train_file_path: `weekly/${index}/train.csv`,
    line_count: completed ? 93734 + index : null,
    disk_usage: completed ? '40.6 MiB' : null,
    disk_usage_bytes: completed ? 42582684 : null,
    fail_message: status === 'failed' ? 'NUM_OF_LABEL_INSUFFICIENT' : null,
  };
}

const count = Number(process.argv[2] ?? 100_000);
const formats = (process.argv[3] ?? 'csv,xlsx').split(',') as Format[];
const folder = await mkdtemp(join(tmpdir(), 'large-report-'));
try {
  const started = performance.now();
  const report = buildReport(Array.from({ length: count }, (_, index) => createRow(index)));
  const built = performance.now();
  console.log(`${count} rows built in ${((built - started) / 1000).toFixed(2)} s`);
  for (const format of formats) {
    const before = performance.now();
    const [file] = await writeReports(report, {
      outDir: folder,
      name: 'large',
      formats: [format],
      bom: true,
      escapeFormulas: true,
    });
    const seconds = (performance.now() - before) / 1000;
    const size = file === undefined ? 0 : (await stat(file.path)).size;
    console.log(`${format}: ${seconds.toFixed(2)} s, ${(size / 1024 / 1024).toFixed(1)} MiB`);
  }
  console.log(
    `total ${((performance.now() - started) / 1000).toFixed(2)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}
