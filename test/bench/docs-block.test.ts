import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  BENCH_BLOCK_BEGIN,
  BENCH_DOCS_PAGE,
  BENCH_BLOCK_END,
  readBenchBlockRows,
  replaceBenchBlock,
  type BenchBlock,
} from '../../bench/docs-block.js';
import { formatBenchTable } from '../../bench/measure.js';

const table = formatBenchTable([
  {
    benchmark: 'Startup',
    setup: 'nclue-report --help',
    requests: '0',
    throttled: '0',
    time: '120 ms',
    reference: 'node -e 0: 70 ms',
    ratio: '1.71',
    peakRss: '',
    target: 'ratio ≤ 2',
    met: true,
  },
]);
const block: BenchBlock = {
  machine: '2 CPUs (Test CPU), Node v20.20.2, linux x64',
  date: '2026-12-03',
  command: 'npm run bench',
  took: '3 min 2 s',
  table,
};

describe('the benchmark block in the docs', () => {
  it('replaces what stands between the markers and keeps the rest', () => {
    const text = `# Title\n\nbefore\n\n${BENCH_BLOCK_BEGIN}\nold figures\n${BENCH_BLOCK_END}\n\nafter\n`;
    const updated = replaceBenchBlock(text, block);
    expect(updated.startsWith('# Title\n\nbefore\n\n')).toBe(true);
    expect(updated.endsWith('\n\nafter\n')).toBe(true);
    expect(updated).not.toContain('old figures');
    expect(updated).toContain('Measured by `npm run bench` on 2026-12-03; 2 CPUs (Test CPU)');
    expect(readBenchBlockRows(updated)).toEqual([
      ['Startup', 'nclue-report --help', '0', '0', '120 ms', 'node -e 0: 70 ms', '1.71', '', '✓ ratio ≤ 2'],
    ]);
    // Idempotent: a second run replaces its own block.
    expect(replaceBenchBlock(updated, block)).toBe(updated);
  });

  it('refuses a text without markers, with doubled ones, or with them out of order', () => {
    expect(() => replaceBenchBlock('no markers', block)).toThrow(/no benchmark block/);
    const doubled = `${BENCH_BLOCK_BEGIN}\n${BENCH_BLOCK_END}\n${BENCH_BLOCK_BEGIN}\n${BENCH_BLOCK_END}\n`;
    expect(() => replaceBenchBlock(doubled, block)).toThrow(/doubled or out of order/);
    expect(() => replaceBenchBlock(`${BENCH_BLOCK_END}\n${BENCH_BLOCK_BEGIN}\n`, block)).toThrow(
      /doubled or out of order/,
    );
    expect(readBenchBlockRows('nothing')).toBeNull();
  });
});

describe('the benchmark table the docs show', () => {
  it('is one run of the whole benchmark, on docs/scale.md', async () => {
    const scale = await readFile(new URL(`../../${BENCH_DOCS_PAGE}`, import.meta.url), 'utf8');
    const rows = readBenchBlockRows(scale);
    expect(rows).not.toBeNull();
    const names = (rows ?? []).map((cells) => cells[0]);
    // Every part of the benchmark ran: pacing, writers, start-up, history.
    for (const name of [
      'Pacing: whole process',
      'Pacing: 10,000 GETs vs peer',
      'Writer xlsx vs xlsxwriter',
      'Writer CSV vs Python csv',
      'Startup --help',
      'History read',
    ]) {
      expect(names).toContain(name);
    }
    // Each row has a mark: met, missed or information.
    for (const cells of rows ?? []) expect(cells[8]).toMatch(/^[✓✗–] /);
    expect(scale).toMatch(/Measured by `npm run bench` on \d{4}-\d{2}-\d{2}; \d+ CPUs/);
  });

  it('is on that page only: the README and the other pages link to it instead of copying figures', async () => {
    const root = new URL('../../', import.meta.url);
    const pages = [
      'README.md',
      ...(await readdir(new URL('docs/', root))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
    ];
    expect(pages).toContain(BENCH_DOCS_PAGE);
    const holding = [];
    for (const page of pages) {
      const text = await readFile(new URL(page, root), 'utf8');
      if (text.includes(BENCH_BLOCK_BEGIN) || text.includes('Measured by `npm run bench`'))
        holding.push(page);
    }
    expect(holding).toEqual([BENCH_DOCS_PAGE]);
    expect(await readFile(new URL('README.md', root), 'utf8')).toContain(
      `](${BENCH_DOCS_PAGE}#benchmark-npm-run-bench)`,
    );
  });
});
