import { describe, expect, it } from 'vitest';
import { renderAurocChartSvg } from '../../src/writers/chart-svg.js';
import { renderHtml } from '../../src/writers/html.js';
import { EMPTY_HTML, joinHtml, markup, SafeHtml } from '../../src/writers/safe-html.js';
import { renderSparklineSvg, renderTrendChartSvg } from '../../src/writers/trend-chart-svg.js';
import type { Template } from '../../src/templates/template.js';
import type { ReportRow } from '../../src/core/row.js';
import { makeRow } from '../report/fixtures/make-row.js';
import { buildDocument } from './document.js';
import { GOLDEN_PREVIOUS } from './fixtures/golden-report.js';

/** Markup, quotes of both kinds, an ampersand and Hangul: what a task name or a label may hold. */
const HOSTILE = `<script id="evil">'&악성</script>`;
const ESCAPED = '&lt;script id=&quot;evil&quot;&gt;&#39;&amp;악성&lt;/script&gt;';

/** The text with every escaped copy of HOSTILE taken out: what is left must hold no piece of it. */
function withoutEscapedCopies(text: string): string {
  return text.split(ESCAPED).join('');
}

describe('the markup tag', () => {
  it('escapes every interpolated text, in content and in attributes, and keeps the literal parts', () => {
    const paragraph = markup`<p title="${HOSTILE}">${HOSTILE}</p>`;
    expect(String(paragraph)).toBe(`<p title="${ESCAPED}">${ESCAPED}</p>`);
  });

  it('escapes numbers too, and drops characters XML forbids', () => {
    expect(String(markup`<i>${1.5}${'a\u0000b'}</i>`)).toBe('<i>1.5ab</i>');
  });

  it('keeps SafeHtml as is and inserts a list item by item', () => {
    const item = markup`<li>${HOSTILE}</li>`;
    expect(String(markup`<ul>${[item, item]}</ul>`)).toBe(`<ul><li>${ESCAPED}</li><li>${ESCAPED}</li></ul>`);
    expect(String(markup`<p>${['a', '<b>']}</p>`)).toBe('<p>a&lt;b&gt;</p>');
    expect(String(markup`<p>${EMPTY_HTML}</p>`)).toBe('<p></p>');
  });

  it('joins SafeHtml with an escaped separator', () => {
    expect(String(joinHtml([markup`<a>`, markup`<b>`], '\n<'))).toBe('<a>\n&lt;<b>');
  });

  it('refuses null, undefined and objects instead of printing them', () => {
    // @ts-expect-error -- null is no markup value: the type checker refuses it, and so does the tag.
    expect(() => markup`<p>${null}</p>`).toThrow(/cannot insert null/);
    // @ts-expect-error -- neither is undefined.
    expect(() => markup`<p>${undefined}</p>`).toThrow(/cannot insert undefined/);
    // @ts-expect-error -- nor an object, whatever its toString says.
    expect(() => markup`<p>${{ toString: () => '<b>' }}</p>`).toThrow(/cannot insert object/);
  });

  it('is a tag only: a hand-made strings array is refused', () => {
    const strings = Object.assign(['<b>', '</b>'], { raw: ['<b>', '</b>'] });
    expect(() => markup(strings, 'x')).toThrow(/template tag/);
  });

  it('makes a raw string unusable where markup is expected, for the type checker and at run time', () => {
    // @ts-expect-error -- a string is not SafeHtml: it has to go through the tag, which escapes it.
    const raw: SafeHtml = '<b>bold</b>';
    expect(typeof raw).toBe('string');
    // @ts-expect-error -- SafeHtml's key is private to safe-html.ts.
    expect(() => new SafeHtml(Symbol('SafeHtml'), '<b>')).toThrow(/never from a raw string/);
    // @ts-expect-error -- joinHtml takes SafeHtml only.
    expect(String(joinHtml(['<b>']))).toBe('<b>'); // what the checker stops: no escaping here
  });
});

describe('hostile text in every place the page and the charts write text', () => {
  function hostileTemplate(template: Template): Template {
    const hostile = <K extends string>(record: Record<K, string>): Record<K, string> =>
      Object.fromEntries(Object.keys(record).map((key) => [key, HOSTILE])) as Record<K, string>;
    return {
      ...template,
      columns: template.columns.map((column) => ({ ...column, label: HOSTILE })),
      sheets: hostile(template.sheets),
      labels: hostile(template.labels),
      trendLabels: hostile(template.trendLabels),
      statusLabels: { completed: HOSTILE, failed: HOSTILE },
      hints: { [HOSTILE]: HOSTILE },
    };
  }

  const ROWS: ReportRow[] = [
    makeRow({
      task_id: `${HOSTILE}-1`,
      task_name: `${HOSTILE} 2026-10`,
      status: 'completed',
      auroc: 0.8,
      created_at: '2026-10-05T09:00:00',
      train_feature_name: HOSTILE,
      train_file_path: HOSTILE,
    }),
    makeRow({
      task_id: `${HOSTILE}-2`,
      task_name: `${HOSTILE} 2026-11`,
      status: 'completed',
      auroc: 0.9,
      created_at: '2026-11-05T09:00:00',
      train_feature_name: `${HOSTILE} v2`,
      train_file_path: HOSTILE,
    }),
    makeRow({
      task_id: `${HOSTILE}-3`,
      task_name: HOSTILE,
      status: 'failed',
      auroc: null,
      created_at: '2026-11-06T09:00:00',
      fail_message: HOSTILE,
    }),
    makeRow({
      task_id: `${HOSTILE}-4`,
      task_name: HOSTILE,
      status: HOSTILE,
      created_at: '2026-11-07T09:00:00',
    }),
  ];

  it('the HTML page: every copy is escaped, in headings, cells, badges, cards, the chart and the sparklines', async () => {
    const document = await buildDocument(ROWS, { previous: GOLDEN_PREVIOUS, models: true });
    const page = renderHtml({ ...document, template: hostileTemplate(document.template) });
    const rest = withoutEscapedCopies(page);
    expect(rest).not.toContain('evil');
    expect(rest).not.toContain('악성');
    expect(page.match(/<script/g)).toHaveLength(1);
    for (const place of [
      `<h1>${ESCAPED}</h1>`,
      `<h2>${ESCAPED}</h2>`,
      `<button type="button">${ESCAPED}</button>`,
      `<td>${ESCAPED}</td>`,
      `<td class="id">${ESCAPED}-1</td>`,
      `<span class="badge tone-bad">${ESCAPED}</span>`,
      `<span class="name">${ESCAPED}</span>`,
      `<title>${ESCAPED}`,
      `text-anchor="end">${ESCAPED}`,
      `<dt>${ESCAPED}</dt>`,
    ]) {
      expect(page, place).toContain(place);
    }
  });

  it('the AUROC chart, the trend chart and a sparkline', async () => {
    const document = await buildDocument(ROWS, { models: true });
    const template = hostileTemplate(document.template);
    const chart = renderAurocChartSvg(
      { bars: [{ label: HOSTILE, taskId: HOSTILE, auroc: 0.9 }], total: 1 },
      { title: HOSTILE, description: HOSTILE, subtitle: HOSTILE, empty: HOSTILE },
      { fontFamily: HOSTILE, omitPictographs: false },
    );
    const models = document.models;
    if (models === null || models === undefined) throw new Error('the document has no model view');
    const trend = renderTrendChartSvg(models, template, { fontFamily: HOSTILE, omitPictographs: false });
    const entry = models.models[0];
    if (trend === null || entry === undefined) throw new Error('no model to draw');
    const spark = String(renderSparklineSvg(entry, Object.keys(entry.periods)));
    for (const svg of [chart.svg, trend.svg]) {
      // Names cut to fit (`…`) hold a part of the text: no raw markup character may be left either.
      expect(withoutEscapedCopies(svg)).not.toMatch(/<script|"evil|'|&(?!(?:lt|gt|quot|amp|#39);)/);
      expect(svg).toContain(`font-family="${ESCAPED}"`);
      expect(svg).toContain(`aria-label="${ESCAPED}"`);
    }
    expect(chart.svg).toContain(`<title>${ESCAPED} (${ESCAPED}): 0.9</title>`);
    expect(trend.svg).toContain(`font-weight="bold" fill="#1f2933">${ESCAPED}</text>`);
    expect(trend.svg).toContain('&lt;script id=&quot;evil&quot;&gt;&#39;&amp;악성&lt;/…</text>');
    expect(spark).toMatch(/^<svg class="spark"[^<]*><title>[\d-]+: 0\.\d{4}/);
    expect(String(chart.markup)).toBe(chart.svg);
  });
});
