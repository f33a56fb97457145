/**
 * The writer rows of `npm run bench` (`--only writer`): our xlsx and CSV writers against the libraries
 * themselves (bench/floor-*.ts: bare exceljs and csv-stringify scripts writing the same cells),
 * with Python peers as reference rows (bench/peers/*.py: xlsxwriter, the csv module). Every side is
 * timed the same way: a whole process, from spawn to exit, that reads the same JSON rows file and
 * writes its file. Ratios are to numbers measured in the same run, never to absolute times. Each
 * side's time is its best of several runs (one each with --quick): the machine is shared (other
 * processes take a core now and then), and the best run is the least disturbed one.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSyntheticReport } from './write-synthetic-history.js';
import { loadTemplate } from '../src/templates/load-template.js';
import { fieldKind } from '../src/core/report-field.js';
import { DEFAULT_COLUMN_WIDTH_LIMITS } from '../src/writers/display-width.js';
import { isDurationFormat } from '../src/templates/check-number-format.js';
import { layoutTasks } from '../src/writers/xlsx-tasks.js';
import { formatMiB, formatMs, type BenchRow } from './measure.js';
import { createSyntheticTasks } from './synthetic-tasks.js';
import type { WriterBenchColumn, WriterBenchInput } from './writer-input.js';

/** Our writer against the bare library script writing the same cells, measured in the same run. */
export const TARGET_LIBRARY_RATIO = 1.3;

/** The Python the peers run with: `PEER_PYTHON`, else `python3` from the PATH. */
export function peerPython(): string {
  return process.env.PEER_PYTHON ?? 'python3';
}

export interface ProcessRun {
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
  return (await measureAlternately(runs, [run]))[0] as Measured;
}

/**
 * Runs each of `sides` once per round, `runs` rounds, and keeps each side's best: two sides measured
 * turn about see the same machine (a shared one can slow by a third for minutes), which two series
 * one after the other do not.
 */
export async function measureAlternately(
  runs: number,
  sides: ReadonlyArray<() => Promise<ProcessRun>>,
): Promise<Measured[]> {
  const times = sides.map((): number[] => []);
  const rss = sides.map((): number | null => null);
  for (let i = 0; i < runs; i++) {
    for (const [side, run] of sides.entries()) {
      const result = await run();
      times[side]?.push(result.ms);
      if (result.maxRssKb !== null) rss[side] = Math.max(rss[side] ?? 0, result.maxRssKb);
    }
  }
  return times.map((runTimes, side) => ({
    ms: Math.min(...runTimes),
    runs: runTimes,
    maxRssKb: rss[side] ?? null,
  }));
}

/** Null when the peer's Python can import `modules`, else why not (its first line of error). */
async function checkPeer(root: string, modules: string): Promise<string | null> {
  const python = peerPython();
  try {
    await runProcess(python, ['-c', `import ${modules}`], root);
    return null;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const why =
      /ModuleNotFoundError: [^\n]*/.exec(text)?.[0] ?? /ENOENT/.exec(text)?.[0] ?? text.split('\n')[0];
    return `not measured: ${python} -c "import ${modules}" failed (${why?.replace('ENOENT', `${python} not found`)}); set PEER_PYTHON to a Python that has it`;
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
  target: number | null,
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
    target: target === null ? 'information' : `≤ ${target}×`,
    met: target === null ? null : ratio <= target,
  };
}

function notMeasured(benchmark: string, setup: string, why: string): BenchRow {
  return {
    benchmark,
    setup,
    requests: '0',
    throttled: '0',
    time: '',
    reference: why,
    ratio: '',
    peakRss: '',
    target: 'information',
    met: null,
  };
}

const formatCount = (n: number): string => n.toLocaleString('en-US');

/** The bare-library scripts of one run, by writer and size, for the CLI rows to run beside theirs. */
export interface LibraryFloors {
  /** `xlsx-memory-10000`, `xlsx-stream-100000`, `csv-100000`: one whole run of the bare script. */
  run: Map<string, () => Promise<ProcessRun>>;
}

/** The sizes of the writer rows, and each side's runs there (bench-sizes.ts). */
export interface WriterBenchSizes {
  small: number;
  large: number;
  csv: number;
  streamedAbove: number;
  /** Runs per side at the small size, and at the large and CSV sizes (the Python peers run once at the large one). */
  smallRuns: number;
  largeRuns: number;
}

/**
 * The xlsx rows at `small` rows (exceljs in memory, with the table) and at `large` rows (exceljs
 * streaming, when that size is above the in-memory threshold), then the CSV rows at `csv` rows.
 * `root` is the package root (dist/ built), `work` a scratch folder.
 */
export async function benchWriters(
  root: string,
  work: string,
  sizes: WriterBenchSizes,
): Promise<{ rows: BenchRow[]; floors: LibraryFloors }> {
  const node = process.execPath;
  const script = (name: string): string => join(root, 'bench', 'dist', name);
  const peer = (name: string): string => join(root, 'bench', 'peers', name);
  const xlsxPeer = await checkPeer(root, 'xlsxwriter');
  const csvPeer = await checkPeer(root, 'csv');
  const result: BenchRow[] = [];
  const floors: LibraryFloors = { run: new Map() };
  const plan = [
    { count: sizes.small, mode: 'memory' as const },
    ...(sizes.large > sizes.streamedAbove ? [{ count: sizes.large, mode: 'stream' as const }] : []),
  ];
  for (const { count, mode } of plan) {
    const input = join(work, `writer-rows-${count}.json`);
    log(`writer: ${formatCount(count)} rows → ${input}`);
    await writeInput(input, count);
    const setup = `${formatCount(count)} rows, JSON → file, whole process`;
    const out = (name: string): string => join(work, `${name}-${count}.xlsx`);
    const runs = mode === 'stream' ? sizes.largeRuns : sizes.smallRuns;
    const library =
      mode === 'memory' ? 'exceljs in-memory Workbook + table' : 'exceljs streaming WorkbookWriter';
    log(`writer: xlsx ${formatCount(count)} rows, ours / bare ${library}, best of ${runs}`);
    const runFloor = (): Promise<ProcessRun> =>
      runProcess(node, [script('floor-xlsx.js'), mode, input, out('floor')], root);
    const [ours, floor] = (await measureAlternately(runs, [
      () => runProcess(node, [script('write-report-file.js'), 'xlsx', input, work, `ours-${count}`], root),
      runFloor,
    ])) as [Measured, Measured];
    floors.run.set(`xlsx-${mode}-${count}`, runFloor);
    result.push(
      ratioRow(
        `Writer xlsx (${mode === 'memory' ? 'in memory' : 'streamed'}) vs bare exceljs`,
        setup,
        ours,
        `${library} ${formatMs(floor.ms)}, ${formatMiB(floor.maxRssKb)} (bench/floor-xlsx.ts)`,
        floor.ms,
        TARGET_LIBRARY_RATIO,
      ),
    );
    if (xlsxPeer !== null) {
      result.push(notMeasured('Writer xlsx vs xlsxwriter', setup, xlsxPeer));
      continue;
    }
    log(`writer: xlsx ${formatCount(count)} rows, xlsxwriter`);
    const xlsxwriter = await measure(mode === 'stream' ? 1 : runs, () =>
      runProcess(peerPython(), [peer('xlsxwriter_tasks.py'), input, out('xlsxwriter')], root),
    );
    result.push(
      ratioRow(
        'Writer xlsx vs xlsxwriter',
        setup,
        ours,
        `xlsxwriter ${formatMs(xlsxwriter.ms)} (${formatMiB(xlsxwriter.maxRssKb)})`,
        xlsxwriter.ms,
        null,
      ),
    );
  }

  const input = join(work, `writer-rows-${sizes.csv}.json`);
  if (!plan.some((entry) => entry.count === sizes.csv)) await writeInput(input, sizes.csv);
  const setup = `${formatCount(sizes.csv)} rows, JSON → file, whole process`;
  const runs = sizes.largeRuns;
  log(`writer: csv ${formatCount(sizes.csv)} rows, ours / bare csv-stringify / Python csv, best of ${runs}`);
  const runFloor = (): Promise<ProcessRun> =>
    runProcess(node, [script('floor-csv.js'), input, join(work, `floor-${sizes.csv}.csv`)], root);
  const [ours, floor] = (await measureAlternately(runs, [
    () => runProcess(node, [script('write-report-file.js'), 'csv', input, work, `ours-${sizes.csv}`], root),
    runFloor,
  ])) as [Measured, Measured];
  floors.run.set(`csv-${sizes.csv}`, runFloor);
  result.push(
    ratioRow(
      'Writer CSV vs bare csv-stringify',
      setup,
      ours,
      `csv-stringify stream ${formatMs(floor.ms)}, ${formatMiB(floor.maxRssKb)} (bench/floor-csv.ts)`,
      floor.ms,
      TARGET_LIBRARY_RATIO,
    ),
  );
  if (csvPeer !== null) {
    result.push(notMeasured('Writer CSV vs Python csv', setup, csvPeer));
  } else {
    const pythonCsv = await measure(runs, () =>
      runProcess(peerPython(), [peer('csv_tasks.py'), input, join(work, `python-${sizes.csv}.csv`)], root),
    );
    result.push(
      ratioRow(
        'Writer CSV vs Python csv',
        setup,
        ours,
        `Python csv module ${formatMs(pythonCsv.ms)} (${formatMiB(pythonCsv.maxRssKb)})`,
        pythonCsv.ms,
        null,
      ),
    );
  }
  return { rows: result, floors };
}
