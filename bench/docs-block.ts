/**
 * The benchmark's table is written by the benchmark itself (`npm run bench -- --update-docs`), between
 * two markers, so no figure there is one the bench did not print in that run. It lives on one page
 * only; the README links to it, so no two copies can disagree.
 */
export const BENCH_DOCS_PAGE = 'docs/scale.md';

export const BENCH_BLOCK_BEGIN = '<!-- bench:begin (written by `npm run bench -- --update-docs`) -->';
export const BENCH_BLOCK_END = '<!-- bench:end -->';

export interface BenchBlock {
  /** `2 CPUs (AMD EPYC …), Node v20.20.2, linux x64`. */
  machine: string;
  /** ISO date of the run, `2026-12-03`. */
  date: string;
  /** The command line that produced the table, `npm run bench`. */
  command: string;
  /** How long the whole benchmark took, `3 min 12 s`. */
  took: string;
  /** The table as formatBenchTable prints it. */
  table: string;
}

/** The text that goes between the markers. */
export function formatBenchBlock(block: BenchBlock): string {
  return [
    BENCH_BLOCK_BEGIN,
    '',
    `Measured by \`${block.command}\` on ${block.date}; ${block.machine}; the benchmark took ${block.took}.`,
    '',
    block.table,
    '',
    BENCH_BLOCK_END,
  ].join('\n');
}

/**
 * `text` with the block between the markers replaced. Throws when the markers are missing, doubled or
 * out of order, so a run never appends a second table or silently writes nothing.
 */
export function replaceBenchBlock(text: string, block: BenchBlock): string {
  const begin = text.indexOf(BENCH_BLOCK_BEGIN);
  const end = text.indexOf(BENCH_BLOCK_END);
  if (begin === -1 || end === -1) {
    throw new Error(`no benchmark block: expected the lines ${BENCH_BLOCK_BEGIN} and ${BENCH_BLOCK_END}`);
  }
  if (
    end < begin ||
    text.indexOf(BENCH_BLOCK_BEGIN, begin + 1) !== -1 ||
    text.indexOf(BENCH_BLOCK_END, end + 1) !== -1
  ) {
    throw new Error('the benchmark block markers are doubled or out of order');
  }
  return text.slice(0, begin) + formatBenchBlock(block) + text.slice(end + BENCH_BLOCK_END.length);
}

/** The block's table rows as cells (header and rule skipped), for checks that read the docs. */
export function readBenchBlockRows(text: string): string[][] | null {
  const begin = text.indexOf(BENCH_BLOCK_BEGIN);
  const end = text.indexOf(BENCH_BLOCK_END);
  if (begin === -1 || end < begin) return null;
  const lines = text
    .slice(begin, end)
    .split('\n')
    .filter((line) => line.startsWith('|'));
  return lines.slice(2).map((line) =>
    line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim()),
  );
}
