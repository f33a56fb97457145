import { selectChartBars } from '../report/select-chart-bars.js';
import { fillLabel } from '../templates/fill-label.js';
import { renderAurocChartSvg, type ChartStyle, type RenderedSvg } from './chart-svg.js';
import type { ReportDocument } from './report-document.js';

/**
 * The report's AUROC chart as SVG, with the template's labels.
 *
 * @param withTitle draw the title in the image (the workbook's PNG) or leave it to the page's heading.
 */
export function renderReportChart(
  document: ReportDocument,
  style: ChartStyle,
  withTitle: boolean,
): RenderedSvg {
  const data = selectChartBars(document.report.rows);
  const { labels } = document.template;
  return renderAurocChartSvg(
    data,
    {
      title: withTitle ? labels.chartTitle : null,
      description: labels.chartTitle,
      subtitle:
        data.bars.length === 0
          ? null
          : fillLabel(labels.chartShown, { shown: data.bars.length, total: data.total }),
      empty: labels.noAuroc,
    },
    style,
  );
}
