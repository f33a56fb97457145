import { markup, type SafeHtml } from './safe-html.js';

/**
 * The page's only style sheet, inline (no network at view time). Mobile first: one column, tables
 * scroll sideways inside their box; wider screens get a centred page and card grids. System fonts only
 * (Korean: Apple SD Gothic Neo, Malgun Gothic, Noto Sans KR where installed).
 */
export const HTML_STYLE: SafeHtml = markup`
:root { --text: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --head: #f3f5f8; --accent: #3b73b9;
  --good-bg: #c6efce; --good: #006100; --bad-bg: #ffc7ce; --bad: #9c0006; --busy-bg: #ffeb9c; --busy: #9c5700;
  --error-bg: #f2dcdb; --error: #7f1f1f; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--text); background: #fff; line-height: 1.45; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", sans-serif; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 20px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 28px 0 10px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; color: var(--muted); }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 8px; padding: 0; margin: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.cards .value { display: block; font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.cards .name { color: var(--muted); font-size: 0.85rem; }
.cards .detail { display: block; color: var(--muted); font-size: 0.8rem; font-variant-numeric: tabular-nums; }
#overview { margin-top: 16px; }
/* On a phone the chart keeps a readable size and scrolls sideways instead of shrinking its labels. */
.chart { overflow-x: auto; -webkit-overflow-scrolling: touch; }
.chart svg { display: block; width: 100%; max-width: 800px; min-width: 600px; height: auto; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 8px; }
.scroll.tall { max-height: 75vh; overflow-y: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--head); position: sticky; top: 0; z-index: 1; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.wide { min-width: 16em; }
td.id { white-space: nowrap; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85em; }
tbody tr:nth-child(even) { background: #fafbfc; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th button::after { content: " \\2195"; color: var(--muted); font-weight: 400; }
th[aria-sort="ascending"] button::after { content: " \\2191"; }
th[aria-sort="descending"] button::after { content: " \\2193"; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; white-space: nowrap; }
.tone-good { background: var(--good-bg); color: var(--good); }
.tone-bad { background: var(--bad-bg); color: var(--bad); }
.tone-busy { background: var(--busy-bg); color: var(--busy); }
.tone-error { background: var(--error-bg); color: var(--error); }
.up { color: var(--good); } .down { color: var(--bad); }
svg.spark { display: block; }
details.group { margin: 10px 0; }
details.group summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
td small { color: var(--muted); }
/* Why a model moved, on a line under its name; amber when the data or its features changed much. */
.why { display: block; margin-top: 2px; color: var(--muted); font-size: 0.8rem; white-space: normal; max-width: 36em; }
.why.tone-busy { width: fit-content; padding: 0 6px; border-radius: 4px; }
.note { color: var(--muted); font-size: 0.85rem; margin: 6px 0; }
footer { max-width: 1200px; margin: 24px auto; padding: 0 16px; color: var(--muted); font-size: 0.8rem; }
@media (max-width: 600px) {
  body { font-size: 14px; }
  h1 { font-size: 1.25rem; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: 4px; }
  th, td { padding: 5px 8px; }
}
`;

/**
 * Sorts any `table.sortable` by the clicked header: numbers and dates by the cell's `data-v`, text by
 * Unicode collation in the page's language with numbers by value; empty cells last; click again to
 * reverse. Marks each table `data-sortable="ready"` once wired. No data is embedded in the script.
 */
export const HTML_SCRIPT: SafeHtml = markup`
(function () {
  var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: 'base' });
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var numeric = th.getAttribute('data-type') === 'number';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[index];
          return cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent.trim();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === '' || y === '') return x === y ? 0 : (x === '' ? 1 : -1);
          var order = numeric ? Number(x) - Number(y) : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    table.setAttribute('data-sortable', 'ready');
  });
})();
`;
