/**
 * The writer rows of `npm run bench` (`--only writer`): our xlsx and CSV writers against a Node floor
 * (src/bench/floor-*.ts: the same text built with no library) and Python peers (bench/peers/*.py:
 * xlsxwriter, openpyxl, the csv module). Every side is timed the same way: a whole process, from spawn
 * to exit, that reads the same JSON rows file and writes its file. Ratios are to numbers measured in
 * the same run, never to absolute times. Each side's time is its best of several runs: the machine is
 * shared (other processes take a core now and then), and the best run is the least disturbed one.
 */
import { spawn } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSyntheticReport } from './write-synthetic-history.js';
import { loadTemplate } from '../templates/load-template.js';
import { fieldKind } from '../report/report-field.js';
import { DEFAULT_COLUMN_WIDTH_LIMITS } from '../writers/display-width.js';
import { isDurationFormat } from '../templates/check-number-format.js';
import { layoutTasks } from '../writers/xlsx-tasks.js';
import { formatMiB, formatMs, type BenchRow } from './measure.js';
import { createSyntheticTasks } from './synthetic-tasks.js';
import type { WriterBenchColumn, WriterBenchInput } from './writer-input.js';

/** Targets from the writers issue: ratios to the floor and the peers measured in the same run. */
const TARGET_FLOOR_RATIO = 2;
const TARGET_PEER_RATIO = 1;
const TARGET_SIZE_RATIO = 1.05;
/** Runs per side at 10,000 rows and at the larger size (the Python peers run once there). */
const SMALL_RUNS = 5;
const LARGE_RUNS = 3;
const PIP_HINT = 'not measured: pip install xlsxwriter openpyxl';

interface ProcessRun {
  ms: number;
  maxRssKb: number | null;
}

interface Measured {
  /** The best (shortest) run. */
  ms: number;
  runs: number[];
  maxRssKb: number | null;
}

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/** Runs a process to its end; its wall time and the peak RSS it printed as its last stdout line. */
function runProcess(command: string, args: readonly string[], cwd: string): Promise<ProcessRun> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) {
        fail(new Error(`${command} ${args.join(' ')} exited with ${String(code)}: ${stderr.slice(-1500)}`));
        return;
      }
      done({ ms, maxRssKb: parseRssLine(stdout) });
    });
  });
}

/** The peak RSS a process printed as the JSON of its last stdout line; null when it printed none. */
function parseRssLine(stdout: string): number | null {
  try {
    const value = (JSON.parse(stdout.trim().split('\n').pop() ?? '') as { maxRssKb?: unknown }).maxRssKb;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

/** The best time of `runs` runs, and the highest peak RSS among them. */
async function measure(runs: number, run: () => Promise<ProcessRun>): Promise<Measured> {
  const times: number[] = [];
  let maxRssKb: number | null = null;
  for (let i = 0; i < runs; i++) {
    const result = await run();
    times.push(result.ms);
    if (result.maxRssKb !== null) maxRssKb = Math.max(maxRssKb ?? 0, result.maxRssKb);
  }
  return { ms: Math.min(...times), runs: times, maxRssKb };
}

/** Whether `python3` can import the peers' modules. */
async function hasPythonPeers(root: string): Promise<boolean> {
  try {
    await runProcess('python3', ['-c', 'import xlsxwriter, openpyxl'], root);
    return true;
  } catch {
    return false;
  }
}

/** The report of `count` synthetic tasks and its Tasks columns, as the JSON every writer reads. */
export async function writeInput(path: string, count: number): Promise<void> {
  const tasks = createSyntheticTasks(count, 4);
  const report = buildSyntheticReport(tasks, '2026-01-01T06:00:00.000Z');
  const template = await loadTemplate(undefined);
  const layout = layoutTasks({ report, template, comparison: null }, DEFAULT_COLUMN_WIDTH_LIMITS);
  const columns = layout.columns.map((column): WriterBenchColumn => {
    const kind = fieldKind(column.field);
    return {
      field: column.field,
      label: column.label,
      kind:
        column.field === 'duration_seconds' && column.numFmt !== undefined && isDurationFormat(column.numFmt)
          ? 'duration'
          : kind === 'number'
            ? 'number'
            : kind === 'date'
              ? 'date'
              : 'text',
      numFmt: column.numFmt ?? null,
      width: column.width,
      hidden: column.hidden,
    };
  });
  const input: WriterBenchInput = { columns, report: { ...report, rows: layout.rows } };
  await writeFile(path, JSON.stringify(input));
}

function ratioRow(
  benchmark: string,
  setup: string,
  ours: Measured,
  reference: string,
  referenceMs: number,
  target: number,
  inclusive: boolean,
): BenchRow {
  const ratio = ours.ms / referenceMs;
  return {
    benchmark,
    setup,
    requests: '0',
    throttled: '0',
    time: `${formatMs(ours.ms)} (best of ${ours.runs.length})`,
    reference,
    ratio: ratio.toFixed(2),
    peakRss: formatMiB(ours.maxRssKb),
    target: `${inclusive ? '≤' : '<'} ${target}×`,
    met: inclusive ? ratio <= target : ratio < target,
  };
}

function notMeasured(benchmark: string, setup: string): BenchRow {
  return {
    benchmark,
    setup,
    requests: '0',
    throttled: '0',
    time: '',
    reference: PIP_HINT,
    ratio: '',
    peakRss: '',
    target: 'information',
    met: null,
  };
}

const formatCount = (n: number): string => n.toLocaleString('en-US');
const formatMb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * The xlsx rows at 10,000 rows and at `rows` rows (default 100,000), then the CSV rows at `rows` rows.
 * `root` is the package root (dist/ built), `work` a scratch folder.
 */
export async function benchWriters(root: string, work: string, rows: number): Promise<BenchRow[]> {
  const node = process.execPath;
  const script = (name: string): string => join(root, 'dist', 'bench', name);
  const peer = (name: string): string => join(root, 'bench', 'peers', name);
  const python = await hasPythonPeers(root);
  const result: BenchRow[] = [];
  const sizes = [...new Set([Math.min(10_000, rows), rows])];
  for (const count of sizes) {
    const input = join(work, `writer-rows-${count}.json`);
    log(`writer: ${formatCount(count)} rows → ${input}`);
    await writeInput(input, count);
    const setup = `${formatCount(count)} rows, JSON → file, whole process`;
    const out = (name: string): string => join(work, `${name}-${count}.xlsx`);
    const runs = count > 10_000 ? LARGE_RUNS : SMALL_RUNS;
    log(`writer: xlsx ${formatCount(count)} rows, ours / floor, best of ${runs}`);
    const ours = await measure(runs, () =>
      runProcess(node, [script('write-report-file.js'), 'xlsx', input, work, `ours-${count}`], root),
    );
    const floor = await measure(runs, () =>
      runProcess(node, [script('floor-xlsx.js'), input, out('floor')], root),
    );
    result.push(
      ratioRow(
        `Writer xlsx vs Node floor`,
        setup,
        ours,
        `floor ${formatMs(floor.ms)} (src/bench/floor-xlsx.ts, ${formatMiB(floor.maxRssKb)})`,
        floor.ms,
        TARGET_FLOOR_RATIO,
        true,
      ),
    );
    if (!python) {
      result.push(notMeasured('Writer xlsx vs xlsxwriter', setup));
      result.push(notMeasured('Writer xlsx vs openpyxl', setup));
      continue;
    }
    log(`writer: xlsx ${formatCount(count)} rows, xlsxwriter and openpyxl`);
    const pythonRuns = count > 10_000 ? 1 : runs;
    const xlsxwriter = await measure(pythonRuns, () =>
      runProcess('python3', [peer('xlsxwriter_tasks.py'), input, out('xlsxwriter')], root),
    );
    const openpyxl = await measure(1, () =>
      runProcess('python3', [peer('openpyxl_tasks.py'), input, out('openpyxl')], root),
    );
    result.push(
      ratioRow(
        `Writer xlsx vs xlsxwriter`,
        setup,
        ours,
        `xlsxwriter ${formatMs(xlsxwriter.ms)} (${formatMiB(xlsxwriter.maxRssKb)})`,
        xlsxwriter.ms,
        TARGET_PEER_RATIO,
        false,
      ),
      {
        ...ratioRow(
          `Writer xlsx vs openpyxl`,
          setup,
          ours,
          `openpyxl write-only ${formatMs(openpyxl.ms)} (${formatMiB(openpyxl.maxRssKb)})`,
          openpyxl.ms,
          TARGET_PEER_RATIO,
          false,
        ),
        target: 'information',
        met: null,
      },
    );
    if (count === rows) {
      const ourSize = (await stat(join(work, `ours-${count}.xlsx`))).size;
      const peerSize = (await stat(out('xlsxwriter'))).size;
      const ratio = ourSize / peerSize;
      result.push({
        benchmark: 'Writer xlsx file size vs xlsxwriter',
        setup: `${formatCount(count)} rows (ours with Summary and chart)`,
        requests: '0',
        throttled: '0',
        time: formatMb(ourSize),
        reference: `xlsxwriter ${formatMb(peerSize)}, openpyxl ${formatMb((await stat(out('openpyxl'))).size)}, floor ${formatMb((await stat(out('floor'))).size)}`,
        ratio: ratio.toFixed(3),
        peakRss: '',
        target: `≤ ${TARGET_SIZE_RATIO}×`,
        met: ratio <= TARGET_SIZE_RATIO,
      });
    }
  }

  const input = join(work, `writer-rows-${rows}.json`);
  const setup = `${formatCount(rows)} rows, JSON → file, whole process`;
  log(`writer: csv ${formatCount(rows)} rows, ours / floor / Python csv, best of ${LARGE_RUNS}`);
  const ours = await measure(LARGE_RUNS, () =>
    runProcess(node, [script('write-report-file.js'), 'csv', input, work, `ours-${rows}`], root),
  );
  const floor = await measure(LARGE_RUNS, () =>
    runProcess(node, [script('floor-csv.js'), input, join(work, `floor-${rows}.csv`)], root),
  );
  result.push(
    ratioRow(
      'Writer CSV vs Node floor',
      setup,
      ours,
      `floor ${formatMs(floor.ms)} (src/bench/floor-csv.ts)`,
      floor.ms,
      TARGET_FLOOR_RATIO,
      true,
    ),
  );
  const pythonCsv = await measure(LARGE_RUNS, () =>
    runProcess('python3', [peer('csv_tasks.py'), input, join(work, `python-${rows}.csv`)], root),
  ).catch(() => null);
  result.push(
    pythonCsv === null
      ? { ...notMeasured('Writer CSV vs Python csv', setup), reference: 'not measured: python3 not found' }
      : ratioRow(
          'Writer CSV vs Python csv',
          setup,
          ours,
          `Python csv module ${formatMs(pythonCsv.ms)} (${formatMiB(pythonCsv.maxRssKb)})`,
          pythonCsv.ms,
          TARGET_PEER_RATIO,
          false,
        ),
  );
  return result;
}
