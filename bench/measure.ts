/** Pure arithmetic and formatting of the benchmark (bench/main.ts). */

/** The best possible time for `requests` requests at `rps` with `latencyMs` each: (N − 1)/R + L, in ms. */
export function computeIdealMs(requests: number, rps: number, latencyMs: number): number {
  return (Math.max(0, requests - 1) * 1000) / rps + latencyMs;
}

/**
 * The fetch phase as the server saw it: from the first request's arrival to the last one's answer.
 * The emulator answers every request exactly `latencyMs` after it arrives, so the last answer leaves at
 * the last arrival + L.
 */
export function computeFetchMs(arrivalsMs: readonly number[], latencyMs: number): number {
  if (arrivalsMs.length === 0) return 0;
  return Math.max(...arrivalsMs) - Math.min(...arrivalsMs) + latencyMs;
}

/** The shortest time between two consecutive arrivals, in ms (Infinity for fewer than two). */
export function computeMinGapMs(arrivalsMs: readonly number[]): number {
  const sorted = [...arrivalsMs].sort((a, b) => a - b);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) min = Math.min(min, (sorted[i] ?? 0) - (sorted[i - 1] ?? 0));
  return min;
}

/** Requests in flight needed to keep the rate with this latency: ceil(L·R) + 1, plus one for jitter. */
export function computeConcurrency(rps: number, latencyMs: number): number {
  return Math.ceil((latencyMs / 1000) * rps) + 2;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatMiB(kib: number | null): string {
  return kib === null ? 'n/a' : `${Math.round(kib / 1024)} MiB`;
}

export interface BenchRow {
  benchmark: string;
  setup: string;
  requests: string;
  throttled: string;
  time: string;
  reference: string;
  ratio: string;
  peakRss: string;
  target: string;
  /** Whether the target was met; null for a figure shown for information, with no target. */
  met: boolean | null;
}

const HEADERS: Record<keyof Omit<BenchRow, 'met'>, string> = {
  benchmark: 'benchmark',
  setup: 'setup',
  requests: 'requests',
  throttled: '429s',
  time: 'time',
  reference: 'reference',
  ratio: 'ratio',
  peakRss: 'peak RSS',
  target: 'target',
};

/** A row `--quick` leaves out, saying so. */
export function skipped(benchmark: string, setup: string): BenchRow {
  return {
    benchmark,
    setup,
    requests: '',
    throttled: '',
    time: 'skipped (--quick)',
    reference: '',
    ratio: '',
    peakRss: '',
    target: 'not measured',
    met: null,
  };
}

/** One Markdown table (it reads as plain text too), with a ✓/✗ per target and – for information. */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const keys = Object.keys(HEADERS) as Array<keyof typeof HEADERS>;
  const cells = rows.map((row) =>
    keys.map((key) => (key === 'target' ? `${formatMark(row.met)} ${row.target}` : row[key])),
  );
  const header = keys.map((key) => HEADERS[key]);
  const widths = keys.map((_, i) => Math.max(header[i]?.length ?? 0, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (values: readonly string[]): string =>
    `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function formatMark(met: boolean | null): string {
  return met === null ? '–' : met ? '✓' : '✗';
}
