import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/writers/html.js';
import { buildDocument } from '../writers/document.js';
import { GOLDEN_PREVIOUS, GOLDEN_ROWS } from '../writers/fixtures/golden-report.js';

/**
 * Opens the HTML report in a real browser: headless Chromium (Debian package `chromium`) loads the file,
 * runs its script, and dumps the DOM. Skipped on a developer machine without Chromium; in CI (CI=true)
 * a missing Chromium is a failure, so the check cannot silently stop running.
 */
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const run = promisify(execFile);

if (!HAVE_CHROMIUM && process.env.CI === 'true') {
  throw new Error(
    `${CHROMIUM} is missing: install it (apt-get install -y chromium) so the HTML report is tested in a browser`,
  );
}

let folder: string;
let dom: string;
let sortedDom: string;

/**
 * Appended to a copy of the page: clicks the AUROC header of the task table twice (ascending, then
 * descending) and the task name header once, recording the task IDs' order after each click.
 */
const CLICK_SCRIPT = `<script>
(function () {
  var table = document.getElementById('tasks-table');
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var column = function (label) { return headers.findIndex(function (th) { return th.textContent === label; }); };
  var order = function () {
    var id = column('태스크 ID');
    return Array.prototype.map.call(table.tBodies[0].rows, function (row) { return row.cells[id].textContent; }).join(' ');
  };
  var click = function (label) { headers[column(label)].querySelector('button').click(); return order(); };
  document.body.setAttribute('data-auroc-ascending', click('AUROC'));
  document.body.setAttribute('data-auroc-descending', click('AUROC'));
  document.body.setAttribute('data-aria', headers[column('AUROC')].getAttribute('aria-sort'));
  document.body.setAttribute('data-name', click('태스크 이름'));
})();
</script>`;

async function dumpDom(page: string): Promise<string> {
  const { stdout } = await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(folder, 'profile')}`,
      '--dump-dom',
      pathToFileURL(page).href,
    ],
    { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

describe.skipIf(!HAVE_CHROMIUM)('the HTML report in headless Chromium', () => {
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'html-chromium-'));
    const page = join(folder, 'report.html');
    await writeFile(
      page,
      renderHtml(await buildDocument(GOLDEN_ROWS, { template: 'ko', previous: GOLDEN_PREVIOUS })),
    );
    dom = await dumpDom(page);
    const clicked = join(folder, 'clicked.html');
    await writeFile(clicked, (await readFile(page, 'utf8')).replace('</body>', `${CLICK_SCRIPT}</body>`));
    sortedDom = await dumpDom(clicked);
  }, 90_000);

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('runs the page script: the tables are wired for sorting', () => {
    expect(dom).toContain('<table id="tasks-table" class="sortable" data-sortable="ready">');
    expect(dom).toContain('<table id="changes-table" class="sortable" data-sortable="ready">');
  });

  it('shows a row per task and the leaderboard', () => {
    const tasksTable = dom.slice(dom.indexOf('id="tasks-table"'));
    const body = tasksTable.slice(tasksTable.indexOf('<tbody>'), tasksTable.indexOf('</tbody>'));
    expect(body.match(/<tr>/g)).toHaveLength(GOLDEN_ROWS.length);
    expect(dom).toContain('id="leaderboard-table"');
  });

  it('draws the chart as inline SVG with one bar per task with an AUROC', () => {
    const chart = dom.slice(
      dom.indexOf('<section id="chart"'),
      dom.indexOf('</section>', dom.indexOf('<section id="chart"')),
    );
    expect(chart).toContain('<svg');
    expect(chart.match(/<rect [^>]*rx="2"/g)).toHaveLength(4);
  });

  it('sorts the task table by a clicked header: numbers by value, empty cells last, text by collation', () => {
    const attribute = (name: string) =>
      new RegExp(`${name}="([^"]*)"`).exec(sortedDom)?.[1]?.split(' ') ?? [];
    const scored = [...GOLDEN_ROWS].filter((row) => row.auroc !== null);
    const unscored = GOLDEN_ROWS.filter((row) => row.auroc === null).map((row) => row.task_id);
    const ascending = [...scored].sort((a, b) => (a.auroc ?? 0) - (b.auroc ?? 0)).map((row) => row.task_id);
    // Tied AUROC values keep the order they had (the ko template shows them in its own sort first).
    expect(
      attribute('data-auroc-ascending')
        .slice(0, 4)
        .map((id) => scored.find((row) => row.task_id === id)?.auroc),
    ).toEqual(ascending.map((id) => scored.find((row) => row.task_id === id)?.auroc));
    expect(new Set(attribute('data-auroc-ascending').slice(4))).toEqual(new Set(unscored));
    expect(attribute('data-auroc-descending')[0]).toBe('55971102-0180-4cce-b834-f902593b2726');
    expect(attribute('data-aria')).toEqual(['descending']);
    // By name in Korean collation: case ignored (big < Premium < weekly), Hangul in dictionary order
    // (소량 < 쿠폰), tasks without a name last.
    const byName = attribute('data-name');
    const at = (prefix: string) => byName.findIndex((id) => id.startsWith(prefix));
    expect(at('0a52eb4a')).toBeLessThan(at('55971102'));
    expect(at('55971102')).toBeLessThan(at('1dccb785'));
    expect(at('34e8fa60')).toBeLessThan(at('725b5cf0'));
    expect(new Set(byName.slice(-2))).toEqual(
      new Set(['b8c1c2d3-0000-4000-8000-000000000001', 'd2ea7bb8-6012-476f-985f-2e3c029484b2']),
    );
  });

  it('shows task names as text, never as markup', () => {
    expect(dom).toContain('&lt;b&gt;장바구니&lt;/b&gt; &amp; "추천" 모델');
    expect(dom).not.toContain('<b>장바구니</b>');
  });
});
