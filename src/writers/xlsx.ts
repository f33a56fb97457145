import { writeFileAtomic } from './atomic-write.js';
import { CHART_FONT_FAMILY, preloadChartRenderer, renderChartPng } from './chart-png.js';
import { DEFAULT_COLUMN_WIDTH_LIMITS, type ColumnWidthLimits } from './display-width.js';
import { fillLabel } from '../templates/fill-label.js';
import { renderReportChart } from './report-chart.js';
import type { ReportDocument } from './report-document.js';
import { layoutChangesSheet } from './xlsx-changes.js';
import { toTextCell } from './xlsx-cells.js';
import { computeLineWidths, writeLines, type SheetLine } from './xlsx-lines.js';
import { buildSummaryLines } from './xlsx-summary.js';
import { buildModelsLines } from './xlsx-models.js';
import { renderTrendChartSvg } from './trend-chart-svg.js';
import { buildErrorLines, createPageSetup, describeWorkbook, frozenRows } from './xlsx-workbook-parts.js';
import {
  buildTaskConditionalFormats,
  columnLetter,
  layoutTasks,
  selectPrintArea,
  toTaskValues,
  type TasksLayout,
} from './xlsx-tasks.js';
import type { TemplateFont } from '../templates/template.js';
import { XlsxPackage } from './xlsx-package/xlsx-package.js';
import type { CellValue, ImageSpec, SheetOptions } from './xlsx-package/worksheet-writer.js';

export interface XlsxOptions {
  /** Narrowest and widest fitted column, in characters. Default 8..60. */
  columnWidthLimits?: ColumnWidthLimits;
}

/** The look of the Tasks and Changes tables: Excel's default table style, banded rows. */
const TABLE_STYLE = 'TableStyleMedium2';

/** A chart drawn as a PNG, or why it could not be. */
type Chart = { png: Buffer; width: number; height: number } | { unavailable: string };

/**
 * Writes the workbook, atomically (see writeFileAtomic): Summary (opened first, with the AUROC chart
 * as an image), Models (with the trend chart, when there is a model view), Tasks (an Excel table with
 * filter buttons and banded rows, colour scale on AUROC, status colours, frozen header), Changes (with
 * `--compare`) and Errors (tasks that could not be fetched, when any). Text is always written as text
 * cells, never as formulas, whatever it starts with.
 *
 * One path for every size: the package writer (xlsx-package/) streams the Tasks rows into the zip, so
 * memory grows with the shared strings, not with the XML (100,000 rows stay far below 600 MiB).
 */
export async function writeXlsx(
  path: string,
  document: ReportDocument,
  options: XlsxOptions = {},
): Promise<void> {
  const limits = options.columnWidthLimits ?? DEFAULT_COLUMN_WIDTH_LIMITS;
  const models = document.models ? buildModelsLines(document.models, document.template) : null;
  // Loaded first so that the charts start rendering at the first wait below (a failure to load shows
  // as the chart's failure, in drawChart).
  await preloadChartRenderer();
  // The charts are drawn on the thread pool while the Tasks sheet is written; the sheets that show
  // them are written once they are ready (a sheet's place in the workbook is not its place in the file).
  const summaryChart = drawChart(document, () =>
    renderReportChart(document, { fontFamily: CHART_FONT_FAMILY, omitPictographs: true }, true),
  );
  const trendChart =
    document.models && models !== null && models.rows > 0
      ? drawChart(document, () =>
          document.models
            ? renderTrendChartSvg(document.models, document.template, {
                fontFamily: CHART_FONT_FAMILY,
                omitPictographs: true,
              })
            : null,
        )
      : Promise.resolve(null);
  const { sheets, font } = document.template;
  // Summary, Models, Tasks, Changes, Errors: the answer first, the detail after.
  const positions = {
    summary: 0,
    models: 1,
    tasks: models === null ? 1 : 2,
  };

  await writeFileAtomic(path, async (tempPath) => {
    // Laid out here, after the first wait, so the charts are already rendering.
    const layout = layoutTasks(document, limits);
    const errorLines = buildErrorLines(document);
    const workbook = new XlsxPackage(tempPath, describeWorkbook(document));
    try {
      await writeTasksSheet(workbook, layout, font, sheets.tasks, positions.tasks);
      if (document.comparison !== null) {
        const changes = layoutChangesSheet(document.comparison, document.template, limits);
        const { headerRow, table } = changes;
        const lines: SheetLine[] = [
          ...changes.table.head,
          { style: 'body', cells: [] },
          ...changes.tableLines,
        ];
        const ref = `A${headerRow}:${columnLetter(table.header.length)}${headerRow + table.rows.length}`;
        await writeLinesSheet(workbook, font, lines, changes.widths, {
          name: sheets.changes,
          frozen: frozenRows(headerRow),
          pageSetup: createPageSetup(headerRow),
          conditionalFormats: changes.conditionalFormats,
          ...(table.rows.length > 0
            ? { table: { name: 'Changes', ref, columns: table.header, style: TABLE_STYLE } }
            : {}),
        });
      }
      if (errorLines !== null) {
        await writeLinesSheet(workbook, font, errorLines, computeLineWidths(errorLines, limits), {
          name: sheets.errors,
          frozen: frozenRows(1),
          pageSetup: createPageSetup(1),
          autoFilter: `A1:B${errorLines.length}`,
        });
      }

      const summaryLines = buildSummaryLines(document);
      const summaryWidths = computeLineWidths(summaryLines, limits);
      const chartColumn = summaryWidths.length + 1;
      const summaryImages: ImageSpec[] = [];
      const summaryPng = await summaryChart;
      if (summaryPng !== null && 'png' in summaryPng) {
        summaryImages.push({ ...summaryPng, column: chartColumn, row: 1 });
      } else if (summaryPng !== null) {
        // The renderer is a native module from per-platform prebuilt packages; on a platform without
        // one the report is still worth having, so the Summary says why its chart is missing.
        placeText(summaryLines, 1, chartColumn, summaryPng.unavailable);
      }
      await writeLinesSheet(
        workbook,
        font,
        summaryLines,
        summaryWidths,
        { name: sheets.summary, pageSetup: createPageSetup(null), images: summaryImages },
        positions.summary,
      );
      if (models !== null) {
        const widths = computeLineWidths(models.lines, limits);
        const lines = [...models.lines];
        const images: ImageSpec[] = [];
        const chartRow = models.headerRow + models.rows + 2;
        const trendPng = await trendChart;
        if (trendPng !== null && 'png' in trendPng) {
          images.push({ ...trendPng, column: 0, row: chartRow - 1 });
        } else if (trendPng !== null) {
          placeText(lines, chartRow - 1, 0, trendPng.unavailable);
        }
        await writeLinesSheet(
          workbook,
          font,
          lines,
          widths,
          {
            name: sheets.models,
            frozen: frozenRows(models.headerRow, 1),
            pageSetup: createPageSetup(models.headerRow),
            ...(models.rows > 0
              ? {
                  autoFilter: `A${models.headerRow}:${columnLetter(models.columns)}${models.headerRow + models.rows}`,
                }
              : {}),
            images,
          },
          positions.models,
        );
      }
      await workbook.finish();
    } catch (error) {
      workbook.abort();
      // Let a chart still rendering finish before the file is removed (its result is not needed).
      await Promise.allSettled([summaryChart, trendChart]);
      throw error;
    }
  });
}

/** Draws a chart's SVG as a PNG; when the renderer is missing, the text saying so instead. */
async function drawChart(
  document: ReportDocument,
  draw: () => { svg: string; width: number; height: number } | null,
): Promise<Chart | null> {
  const chart = draw();
  if (chart === null) {
    return null;
  }
  try {
    return { png: await renderChartPng(chart.svg), width: chart.width, height: chart.height };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
    return { unavailable: fillLabel(document.template.labels.chartUnavailable, { reason }) };
  }
}

/** Puts a text at a 0-based row and column of a sheet's lines, adding lines and cells as needed. */
function placeText(lines: SheetLine[], row: number, column: number, text: string): void {
  while (lines.length <= row) {
    lines.push({ style: 'body', cells: [] });
  }
  const line = lines[row];
  if (line === undefined) return;
  const cells = [...line.cells];
  while (cells.length < column) {
    cells.push({ value: null, shownText: '' });
  }
  cells[column] = toTextCell(text);
  lines[row] = { ...line, cells };
}

/** A sheet of lines (Summary, Models, Changes, Errors) with fitted widths. */
async function writeLinesSheet(
  workbook: XlsxPackage,
  font: TemplateFont,
  lines: readonly SheetLine[],
  widths: readonly number[],
  options: Omit<SheetOptions, 'dimension' | 'columns'>,
  position?: number,
): Promise<void> {
  const columns = Math.max(1, widths.length, ...lines.map((line) => line.cells.length));
  const sheet = workbook.addSheet(
    {
      ...options,
      columns: widths.map((width) => ({ width })),
      dimension: `A1:${columnLetter(columns)}${Math.max(1, lines.length)}`,
    },
    position,
  );
  writeLines(sheet, workbook.styles, lines, font, 1, widths);
  await sheet.end();
}

/** The Tasks sheet: an Excel table of every task, streamed row by row into the file. */
async function writeTasksSheet(
  workbook: XlsxPackage,
  layout: TasksLayout,
  font: TemplateFont,
  name: string,
  position: number,
): Promise<void> {
  const { columns, rows } = layout;
  const { styles } = workbook;
  const lastColumn = columnLetter(columns.length);
  const ref = `A1:${lastColumn}${rows.length + 1}`;
  const bodyFont = { name: font.name, size: font.size };
  const columnStyles = columns.map((column) =>
    styles.cellStyle({ font: bodyFont, ...(column.numFmt === undefined ? {} : { numFmt: column.numFmt }) }),
  );
  // The table style bolds its header in Excel; other spreadsheets (LibreOffice) ignore table styles.
  const headerStyle = styles.cellStyle({ font: { ...bodyFont, bold: true } });
  const labels = columns.map((column) => column.label);
  const sheet = workbook.addSheet(
    {
      name,
      columns: columns.map((column, index) => ({
        width: column.width,
        hidden: column.hidden,
        style: columnStyles[index] ?? 0,
      })),
      frozen: frozenRows(1, 1),
      pageSetup: createPageSetup(1, selectPrintArea(columns, rows.length)),
      dimension: ref,
      conditionalFormats: buildTaskConditionalFormats(columns, rows.length, layout.labelStatus),
      // Excel wants at least one data row in a table: an empty report gets a plain header with a filter.
      ...(rows.length === 0
        ? { autoFilter: ref }
        : { table: { name: 'Tasks', ref, columns: labels, style: TABLE_STYLE } }),
    },
    position,
  );
  sheet.writeRow(
    1,
    labels,
    labels.map(() => headerStyle),
  );
  const values = new Array<CellValue>(columns.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (row !== undefined) sheet.writeRow(index + 2, toTaskValues(layout, row, values), columnStyles);
    // Hand the compressed chunks to the file as they come back, so memory stays bounded.
    if (sheet.needsDrain) await sheet.drain();
  }
  await sheet.end();
}
