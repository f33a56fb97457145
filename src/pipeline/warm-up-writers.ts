import { createRequire } from 'node:module';
import type { Transport } from '../client/transport.js';
import type { Format } from '../core/formats.js';
import { IN_MEMORY_MAX_TASKS } from '../writers/workbook-mode.js';

/**
 * A run at the API's 1 request/s spends nearly all its time waiting: the main thread is idle for
 * about a second after each request leaves. The writers' libraries are loaded only when a report is
 * written (so --help and --dry-run start fast), and loading them, with the chart renderer and its
 * font, is about half of what a small report's writing phase costs: without this, all of it comes
 * after the last answer. So, in a run paced at WARM_UP_MAX_RPS or slower, they are loaded while the
 * requests are paced, in small steps, each started just after a request has left: never before the
 * first request (which must not wait for them), never late in a gap (a step must end before the next
 * request is due), one at a time. A faster run loads them once a listing goes past its first page
 * (WarmUp.listingGoesOn): loading exceljs is a fifth of a 10,000-task workbook's writing phase.
 * Loading changes nothing the writers write; a step that fails is ignored (the writer meets the same
 * failure and reports it).
 */

/**
 * Faster than this (requests/s), no gap between two requests is long enough for a step: the steps
 * then wait for a listing that goes past its first page (WarmUp.listingGoesOn).
 */
export const WARM_UP_MAX_RPS = 1;
/**
 * A step starts only this soon after a request left, in ms: the rest of the gap to the next request
 * (1,012 ms at 1 request/s, rate-gate.ts) is left for a step to end in, on a busy machine too.
 */
export const WARM_UP_START_WINDOW_MS = 250;

/** One slice of the warm-up: loads a module or runs a library once on throw-away data. */
export interface WarmUpStep {
  name: string;
  run(): Promise<unknown>;
}

export interface WarmUpOptions {
  formats: readonly Format[];
  rps: number;
  /** The tasks asked for, when known before the run (a list of IDs); null for a listing. */
  expectedTasks?: number | null;
}

/** What the steps run on; the real timer and clock by default, a script of them in tests. */
export interface WarmUpScheduler {
  now(): number;
  /** Runs `task` once the work already queued (I/O callbacks, the request just sent) is done. */
  defer(task: () => void): void;
}

const realScheduler: WarmUpScheduler = {
  now: () => performance.now(),
  defer: (task) => setImmediate(task),
};

/**
 * exceljs's own dependencies, each loaded as a step of its own: exceljs loads them all at once, a
 * few hundred ms of the main thread on a busy 2-core machine, more than a gap between two requests
 * should hold. Once loaded they are in the module cache, where exceljs then finds them.
 */
function listExceljsDependencySteps(): WarmUpStep[] {
  try {
    const fromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs/package.json'));
    const manifest = fromExceljs('./package.json') as { dependencies?: Record<string, string> };
    return Object.keys(manifest.dependencies ?? {}).map((name) => ({
      name,
      run: async () => fromExceljs(name) as unknown,
    }));
  } catch {
    // No exceljs to be found: the workbook writer will say so itself.
    return [];
  }
}

/** A cell text long enough (30,000 characters) for JSZip's deflate to run hot while it is zipped. */
const THROW_AWAY_TEXT = 'Model 모델 0.9876 '.repeat(1_875);

/**
 * Builds a tiny workbook in memory (a table and a styled sheet) and zips it as the workbook writer
 * does (its compression level), so that exceljs's first real write and JSZip's deflate run warm.
 * Few cells, but one long text for the deflate: many cells would teach V8 that exceljs's cells and
 * rows live long (they do in a workbook held in memory), and it would then allocate those of a
 * streamed workbook, which die young, where only a full collection frees them (a streamed
 * 100,000-task workbook took 1.1 GiB and 4 s more after a 200-row throw-away workbook).
 */
async function writeThrowAwayWorkbook(): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const { IN_MEMORY_ZIP_OPTIONS } = await import('../writers/xlsx-sheet.js');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Tasks', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addTable({
    name: 'Warm',
    ref: 'A1',
    columns: [{ name: 'id' }, { name: 'value' }],
    rows: [
      ['a', 1],
      ['b', 2.5],
    ],
  });
  const lines = workbook.addWorksheet('Summary');
  const cell = lines.getCell('A1');
  cell.value = 0.5;
  cell.numFmt = '0.0%';
  cell.font = { bold: true };
  lines.getCell('A2').value = THROW_AWAY_TEXT;
  await workbook.xlsx.writeBuffer({ zip: IN_MEMORY_ZIP_OPTIONS });
}

/**
 * Draws a small chart text in both weights of the bundled font, so the renderer, its font files and
 * the font subsetter are loaded and have cut once.
 */
async function renderThrowAwayChart(): Promise<void> {
  const { CHART_FONT_FAMILY, renderChartPng } = await import('../writers/chart-png.js');
  const text = (weight: number, y: number): string =>
    `<text x="4" y="${y}" font-family="${CHART_FONT_FAMILY}" font-weight="${weight}" font-size="12">모델 Model 0.9</text>`;
  await renderChartPng(
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">${text(400, 16)}${text(700, 34)}</svg>`,
  );
}

/**
 * The steps for the formats asked for, most valuable first: the workbook's libraries, the workbook
 * writer and its chart renderer, the other writers, then exceljs and the renderer run once.
 * `chartsExpected` says, when a chart step runs, whether the workbook will be drawn in memory with
 * its charts (IN_MEMORY_MAX_TASKS tasks or fewer): a streamed one has none, and the font subsetter's
 * memory (about 65 MB) would only add to its peak.
 */
export function planWarmUpSteps(
  formats: readonly Format[],
  chartsExpected: () => boolean = () => true,
): WarmUpStep[] {
  const steps: WarmUpStep[] = [];
  const step = (name: string, run: () => Promise<unknown>): void => void steps.push({ name, run });
  if (formats.includes('xlsx')) {
    steps.push(...listExceljsDependencySteps());
    step('exceljs', () => import('exceljs'));
    step('xlsx writer', () => import('../writers/xlsx.js'));
    step('chart renderer', () => import('@resvg/resvg-js'));
  }
  if (formats.includes('csv')) {
    step('csv writer', () =>
      Promise.all([
        import('../writers/csv.js'),
        import('../writers/csv-layout.js'),
        import('../writers/models-csv.js'),
        import('../writers/report-document.js'),
      ]),
    );
  }
  if (formats.includes('json')) step('json writer', () => import('../writers/json.js'));
  if (formats.includes('html')) step('html writer', () => import('../writers/html.js'));
  if (formats.includes('xlsx')) {
    step('chart font subsetter', async () => {
      if (chartsExpected()) await (await import('../writers/chart-png.js')).loadChartFonts();
    });
    step('chart font', async () => {
      if (chartsExpected()) await renderThrowAwayChart();
    });
    step('exceljs first write', writeThrowAwayWorkbook);
  }
  return steps;
}

/** The transport the run sends through, and what the run tells the warm-up. */
export interface WarmUp {
  transport: Transport;
  /**
   * A listing has gone past its first page: it pages through an account of more than 100 tasks, so
   * the run ends in a report of hundreds of rows or more, whose writing phase loading the writers
   * would otherwise open. Listing is not held to the rate at every start the way a list of IDs is (a
   * page brings 100 tasks, and pages go out several at a time), so from here the steps run at any
   * rate, each at most a short pause of the pages, with the same work taken off the end of the run.
   */
  listingGoesOn(page: ListingSoFar): void;
}

/** How large a listing has shown the account to be so far. */
export interface ListingSoFar {
  /** Unique tasks listed so far. */
  listed: number;
  /** The account's size as the API hinted it, or null. */
  total: number | null;
}

/**
 * Wraps the transport so that the warm-up steps run while requests are paced (see above): after any
 * request in a run paced at WARM_UP_MAX_RPS or slower, else once the run says a listing goes on.
 * The transport is returned unchanged when the formats have nothing to warm.
 */
export function warmUpWritersWhileFetching(
  transport: Transport,
  options: WarmUpOptions,
  steps?: WarmUpStep[],
  scheduler: WarmUpScheduler = realScheduler,
): WarmUp {
  if (steps?.length === 0 || options.formats.length === 0) return { transport, listingGoesOn: () => {} };
  // A listing of every task (no list of IDs) is the report; a listing for IDs reports those alone.
  const everyTask = options.expectedTasks === undefined || options.expectedTasks === null;
  let chartsExpected = (options.expectedTasks ?? 0) <= IN_MEMORY_MAX_TASKS;
  // Planned when first needed: a run that never warms up (IDs, faster than 1/s) never reads exceljs's manifest.
  let planned: WarmUpStep[] | null = steps === undefined ? null : [...steps];
  const queue = (): WarmUpStep[] => (planned ??= planWarmUpSteps(options.formats, () => chartsExpected));
  const paced = options.rps <= WARM_UP_MAX_RPS;
  let listing = false;
  let leftAt = 0;
  let running = false;

  const pump = async (): Promise<void> => {
    try {
      while (queue().length > 0 && scheduler.now() - leftAt <= WARM_UP_START_WINDOW_MS) {
        const next = queue().shift()!;
        await next.run().catch(() => undefined);
        // Between two steps, whatever arrived meanwhile (an answer, a timer) runs first.
        await new Promise<void>((resolve) => scheduler.defer(resolve));
      }
    } finally {
      running = false;
    }
  };
  const start = (): void => {
    if (running || queue().length === 0) return;
    // Marked at once: a second request leaving before the steps start must not start them twice.
    running = true;
    scheduler.defer(() => void pump());
  };
  const requestLeft = (): void => {
    leftAt = scheduler.now();
    if (paced || listing) start();
  };

  const warming: Transport = {
    async get(request) {
      let sent = false;
      try {
        return await transport.get({
          ...request,
          onSent: () => {
            sent = true;
            request.onSent?.();
            requestLeft();
          },
        });
      } finally {
        // A transport that cannot tell when a request leaves: its answer says it has.
        if (!sent) requestLeft();
      }
    },
    ...(transport.warmUp ? { warmUp: transport.warmUp.bind(transport) } : {}),
    close: () => transport.close(),
  };
  return {
    transport: warming,
    listingGoesOn: ({ listed, total }) => {
      // Once a listing of every task shows more tasks than an in-memory workbook holds, the workbook
      // will be streamed, and the subsetter, if loaded, can go while the listing goes on.
      if (everyTask && chartsExpected && Math.max(listed, total ?? 0) > IN_MEMORY_MAX_TASKS) {
        chartsExpected = false;
        void import('../writers/chart-png.js').then(({ releaseChartFonts }) => releaseChartFonts());
      }
      if (listing) return;
      listing = true;
      // A page has just been taken in: as good a moment for a step as just after a request left.
      leftAt = scheduler.now();
      start();
    },
  };
}
