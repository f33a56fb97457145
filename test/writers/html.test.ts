import { describe, expect, it } from 'vitest';
import { createErrorRow } from '../../src/report/error-row.js';
import { escapeMarkup } from '../../src/writers/escape-markup.js';
import { HTML_MAX_ROWS, renderHtml } from '../../src/writers/html.js';
import { makeRow } from '../report/fixtures/make-row.js';
import { buildDocument } from './document.js';
import { GOLDEN_PREVIOUS, GOLDEN_ROWS } from './fixtures/golden-report.js';

describe('escapeMarkup', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`a & b "c" 'd'`, 'a &amp; b &quot;c&quot; &#39;d&#39;'],
    ['=1+2', '=1+2'],
    ['bell\u0007 and nul\u0000 dropped, tab\tkept', 'bell and nul dropped, tab\tkept'],
    ['모델 🛒', '모델 🛒'],
  ])('%j → %j', (text, expected) => {
    expect(escapeMarkup(text)).toBe(expected);
  });
});

describe('renderHtml', () => {
  it('is one self-contained page: inline style, script and SVG, and a policy that forbids any request', async () => {
    const html = renderHtml(await buildDocument(GOLDEN_ROWS));
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`,
    );
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=|@import|url\(/i);
    expect(html).toMatch(/<section id="chart" class="chart"><h2>AUROC by task, best first<\/h2><svg /);
  });

  it('escapes every task name, in cells, chart labels and tooltips', async () => {
    const html = renderHtml(
      await buildDocument([makeRow({ task_id: 'x', task_name: '</td><script>x()</script>', auroc: 0.9 })]),
    );
    expect(html).not.toContain('<script>x()');
    expect(html.match(/&lt;\/td&gt;&lt;script&gt;x\(\)&lt;\/script&gt;/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('gives numbers and dates a sort key and shows them formatted', async () => {
    const html = renderHtml(await buildDocument(GOLDEN_ROWS));
    expect(html).toContain('<td class="num" data-v="0.7681659649879657">0.7682</td>');
    expect(html).toContain('<td class="num" data-v="1520331">1,520,331</td>');
    expect(html).toContain(
      `<td class="num" data-v="${Date.UTC(2024, 8, 23, 14, 11, 37)}">2024-09-23 14:11:37</td>`,
    );
    expect(html).toContain('<th scope="col" data-type="number"><button type="button">AUROC</button></th>');
  });

  it('sorts the readable disk usage by its byte count in the tasks table', async () => {
    const html = renderHtml(
      await buildDocument([
        makeRow({ task_id: 'a', disk_usage: '512 B', disk_usage_bytes: 512 }),
        makeRow({ task_id: 'b', disk_usage: '1.2 GiB', disk_usage_bytes: 1288490189 }),
      ]),
    );
    const table = html.slice(html.indexOf('id="tasks-table"'));
    expect(table).toContain(
      '<th scope="col" data-type="number"><button type="button">Disk usage</button></th>',
    );
    // The size as the workbook shows it, sorted by the bytes.
    expect(table).toContain('<td class="num" data-v="512">0.5 KB</td>');
    expect(table).toContain('<td class="num" data-v="1288490189">1.3 GB</td>');
  });

  it('shows the failed tasks with their hint and the changes with --compare', async () => {
    const html = renderHtml(await buildDocument(GOLDEN_ROWS, { template: 'ko', previous: GOLDEN_PREVIOUS }));
    expect(html).toContain('<span class="badge tone-bad">NUM_OF_LABEL_INSUFFICIENT</span>');
    expect(html).toContain('레이블 0과 1이 각각 100건 이상');
    // Named by the report: its name and the day its run started.
    expect(html).toContain('<h2>nclue-tasks-2025-12-01 (2025-12-01 작성) 대비 변경 사항</h2>');
    expect(html).toContain('<td class="num up" data-v="0.03">+0.0300</td>');
  });

  it(`lists at most ${HTML_MAX_ROWS} tasks and says so`, async () => {
    const rows = Array.from({ length: HTML_MAX_ROWS + 2 }, (_, index) =>
      createErrorRow(`t${index}`, 'timeout'),
    );
    const html = renderHtml(await buildDocument(rows));
    expect(html).toContain(`Showing the first 5,000 of 5,002 tasks`);
    const table = html.slice(html.indexOf('id="tasks-table"'));
    expect(table.match(/<tr>/g)).toHaveLength(HTML_MAX_ROWS + 1);
  });
});

describe('renderHtml layout', () => {
  it('opens with the models, then the tasks, names first and IDs last in a monospace column', async () => {
    const html = renderHtml(await buildDocument(GOLDEN_ROWS, { previous: GOLDEN_PREVIOUS, models: true }));
    const order = [
      'id="model-overview"',
      'id="models"',
      'id="tasks"',
      'id="changes"',
      'id="failed"',
      'id="chart"',
    ];
    const positions = order.map((marker) => html.indexOf(marker));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const tasks = html.slice(
      html.indexOf('id="tasks-table"'),
      html.indexOf('</table>', html.indexOf('id="tasks-table"')),
    );
    const headers = [...tasks.matchAll(/<button type="button">([^<]*)<\/button>/g)].map((match) => match[1]);
    expect(headers[0]).toBe('Task name');
    expect(headers.indexOf('Task ID')).toBeGreaterThan(headers.indexOf('Fetch error'));
    // An empty column (no task has test data) is left out, as on the sheet.
    expect(headers).not.toContain('Test bucket');
    expect(tasks).toContain('<td class="id">55971102-0180-4cce-b834-f902593b2726</td>');
    // Statuses in the template's words.
    expect(tasks).toContain('<span class="badge tone-good">Available</span>');
  });

  it('folds the new and the gone tasks into groups that open on a click', async () => {
    const html = renderHtml(await buildDocument(GOLDEN_ROWS, { previous: GOLDEN_PREVIOUS }));
    const changes = html.slice(
      html.indexOf('id="changes"'),
      html.indexOf('</section>', html.indexOf('id="changes"')),
    );
    expect(changes).toMatch(/<details class="group" id="changes-new"><summary>new \(\d+\)<\/summary>/);
    expect(changes).toMatch(
      /<details class="group" id="changes-gone"><summary>not retrained \(\d+\)<\/summary>/,
    );
    expect(changes.indexOf('id="changes-table"')).toBeLessThan(changes.indexOf('id="changes-new"'));
  });
});
