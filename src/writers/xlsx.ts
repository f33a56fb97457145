import { writeFileAtomic } from './atomic-write.js';
import { CHART_FONT_FAMILY, preloadChartRenderer, releaseChartFonts, renderChartPng } from './chart-png.js';
import { DEFAULT_COLUMN_WIDTH_LIMITS, type ColumnWidthLimits } from './display-width.js';
import { fillLabel } from '../templates/fill-label.js';
import { renderReportChart } from './report-chart.js';
import type { ReportDocument } from './report-document.js';
import { layoutChangesSheet } from './xlsx-changes.js';
import { toTextCell } from './xlsx-cells.js';
import { computeLineWidths, writeLines, type SheetLine } from './xlsx-lines.js';
import { buildSummaryLines } from './xlsx-summary.js';
import { buildModelsLines, type ModelsSheetLines } from './xlsx-models.js';
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
import type { Template, TemplateFont } from '../templates/template.js';
import type { Comparison } from '../core/comparison.js';
import {
  EXCEL_MAX_ROWS,
  WorkbookTarget,
  type CellStyle,
  type CellValue,
  type SheetOptions,
  type SheetWriter,
  type WorkbookMode,
} from './xlsx-sheet.js';
import { chooseWorkbookMode } from './workbook-mode.js';

export { IN_MEMORY_MAX_TASKS, chooseWorkbookMode } from './workbook-mode.js';

export interface XlsxOptions {
  /** Narrowest and widest fitted column, in characters. Default 8..60. */
  columnWidthLimits?: ColumnWidthLimits;
  /** Force a writer; default: in memory up to IN_MEMORY_MAX_TASKS tasks, streaming above. */
  mode?: WorkbookMode;
  /** Rows per sheet, header included (Excel's 1,048,576 unless a test asks for fewer). */
  maxSheetRows?: number;
}

/** The look of the Tasks and Changes tables: Excel's default table style, banded rows. */
const TABLE_STYLE = 'TableStyleMedium2' as const;

/** Excel's longest sheet name, in characters. */
const MAX_SHEET_NAME_CHARS = 31;

/** A chart drawn as a PNG, or why it could not be. */
type Chart = { png: Buffer; width: number; height: number } | { unavailable: string };

/** A sheet to write: its options, and how to fill it once started. */
interface SheetPlan {
  options: SheetOptions;
  /** Waits for a chart: in memory, written after the other sheets so the chart renders meanwhile. */
  waitsForChart: boolean;
  fill(sheet: SheetWriter): Promise<void> | void;
  /**
   * What comes after the rows and waits for a chart (the Models sheet's trend chart, below them): in
   * memory, done after every sheet's rows are written, so the chart renders meanwhile.
   */
  afterChart?(sheet: SheetWriter): Promise<void>;
}

/**
 * Writes the workbook with exceljs, atomically (see writeFileAtomic): Summary (opened first, with the
 * AUROC chart as an image), Models (with the trend chart, when there is a model view), Tasks (an Excel
 * table with filter buttons and banded rows, colour scale on AUROC, status colours, frozen header),
 * Changes (with `--compare`) and Errors (tasks that could not be fetched, when any). Text is always
 * written as text cells, never as formulas, whatever it starts with.
 *
 * Both exceljs writers go through the same sheet plans below; a large report (chooseWorkbookMode) is
 * streamed row by row, with a filter instead of the tables and a note where the charts would be.
 * A Tasks sheet never passes Excel's row limit: the rest goes on `Tasks (2)`, `Tasks (3)`, ….
 */
export async function writeXlsx(
  path: string,
  document: ReportDocument,
  options: XlsxOptions = {},
): Promise<void> {
  const limits = options.columnWidthLimits ?? DEFAULT_COLUMN_WIDTH_LIMITS;
  const mode = options.mode ?? chooseWorkbookMode(document.report.rows.length);
  const maxSheetRows = Math.min(options.maxSheetRows ?? EXCEL_MAX_ROWS, EXCEL_MAX_ROWS);
  // The charts first: they render on the thread pool while the sheets' lines are built and filled.
  const charts = await startCharts(document, mode);
  const models = document.models ? buildModelsLines(document.models, document.template) : null;
  const { sheets, font } = document.template;

  await writeFileAtomic(path, async (tempPath) => {
    const layout = layoutTasks(document, limits);
    // Summary, Models, Tasks, Changes, Errors: the answer first, the detail after.
    const plans: SheetPlan[] = [planSummarySheet(document, limits, charts.summary)];
    if (models !== null) plans.push(planModelsSheet(models, document.template, limits, charts.trend));
    plans.push(...planTasksSheets(layout, font, sheets.tasks, maxSheetRows - 1));
    if (document.comparison !== null)
      plans.push(planChangesSheet(document.comparison, document.template, limits));
    const errorLines = buildErrorLines(document);
    if (errorLines !== null) plans.push(planErrorsSheet(errorLines, document.template, limits));

    try {
      await writePlans(await WorkbookTarget.open(tempPath, mode, describeWorkbook(document)), mode, plans);
    } catch (error) {
      // Let a chart still rendering finish before the file is removed (its result is not needed).
      await Promise.allSettled([charts.summary, charts.trend]);
      throw error;
    }
  });
}

/** The workbook's two charts, started now so they render on the thread pool while sheets are written. */
async function startCharts(
  document: ReportDocument,
  mode: WorkbookMode,
): Promise<{ summary: Promise<Chart | null>; trend: Promise<Chart | null> }> {
  const onPage = mode === 'streaming' ? { unavailable: document.template.labels.chartOnPage } : null;
  if (onPage === null) {
    // Loaded first so that the charts start rendering at the first wait below (a failure to load
    // shows as the chart's failure, in drawChart).
    await preloadChartRenderer();
  }
  const summary: Promise<Chart | null> =
    onPage !== null
      ? Promise.resolve(onPage)
      : drawChart(document, () =>
          renderReportChart(document, { fontFamily: CHART_FONT_FAMILY, omitPictographs: true }, true),
        );
  const trend: Promise<Chart | null> =
    // The Models sheet has a row per model (buildModelsLines), the chart is below them.
    document.models && document.models.models.length > 0
      ? onPage !== null
        ? Promise.resolve(onPage)
        : drawChart(document, () =>
            document.models
              ? renderTrendChartSvg(document.models, document.template, {
                  fontFamily: CHART_FONT_FAMILY,
                  omitPictographs: true,
                })
              : null,
          )
      : Promise.resolve(null);
  // No other chart is drawn in this run: the font subsetter's memory can go before the workbook is
  // zipped, when the run uses the most.
  void Promise.allSettled([summary, trend]).then(releaseChartFonts);
  return { summary, trend };
}

/**
 * Writes the planned sheets. The streaming writer writes each sheet as it goes, one after the other
 * in workbook order; in memory every sheet exists at once and the ones waiting for a chart are filled
 * last.
 */
async function writePlans(
  workbook: WorkbookTarget,
  mode: WorkbookMode,
  plans: readonly SheetPlan[],
): Promise<void> {
  if (mode === 'streaming') {
    for (const plan of plans) {
      const sheet = workbook.addSheet(plan.options);
      await plan.fill(sheet);
      await plan.afterChart?.(sheet);
      await sheet.end();
    }
  } else {
    const started = plans.map((plan) => ({ plan, sheet: workbook.addSheet(plan.options) }));
    for (const waiting of [false, true]) {
      for (const { plan, sheet } of started) {
        if (plan.waitsForChart !== waiting) continue;
        await plan.fill(sheet);
        if (plan.afterChart === undefined) await sheet.end();
      }
    }
    for (const { plan, sheet } of started) {
      if (plan.afterChart === undefined) continue;
      await plan.afterChart(sheet);
      await sheet.end();
    }
  }
  await workbook.finish();
}

/** The Summary sheet: its lines, with the AUROC chart beside them (or why it is missing). */
function planSummarySheet(
  document: ReportDocument,
  limits: ColumnWidthLimits,
  summaryChart: Promise<Chart | null>,
): SheetPlan {
  const { sheets, font } = document.template;
  const summaryLines = buildSummaryLines(document);
  const summaryWidths = computeLineWidths(summaryLines, limits);
  const chartColumn = summaryWidths.length + 1;
  return {
    options: linesSheetOptions(summaryWidths, { name: sheets.summary, pageSetup: createPageSetup(null) }),
    waitsForChart: true,
    fill: async (sheet) => {
      const chart = await summaryChart;
      if (chart !== null && 'png' in chart) {
        sheet.addImage({ ...chart, column: chartColumn, row: 1 });
      } else if (chart !== null) {
        // The renderer is a native module from per-platform prebuilt packages; on a platform
        // without one the report is still worth having, so the Summary says why its chart is missing.
        placeText(summaryLines, 1, chartColumn, chart.unavailable);
      }
      writeLines(sheet, summaryLines, font, 1, summaryWidths);
    },
  };
}

/** The Models sheet: a row per model with a filter, and the trend chart below them. */
function planModelsSheet(
  models: ModelsSheetLines,
  template: Template,
  limits: ColumnWidthLimits,
  trendChart: Promise<Chart | null>,
): SheetPlan {
  const widths = computeLineWidths(models.lines, limits);
  const lines = [...models.lines];
  const chartRow = models.headerRow + models.rows + 2;
  /** Rows written by `fill`. */
  let written = 0;
  return {
    options: linesSheetOptions(widths, {
      name: template.sheets.models,
      frozen: frozenRows(models.headerRow, 1),
      pageSetup: createPageSetup(models.headerRow),
      ...(models.rows > 0
        ? {
            autoFilter: `A${models.headerRow}:${columnLetter(models.columns)}${models.headerRow + models.rows}`,
          }
        : {}),
    }),
    waitsForChart: false,
    fill: (sheet) => {
      written = writeLines(sheet, lines, template.font, 1, widths) - 1;
      // Written: a row per model is not needed again while the Tasks sheet is written.
      lines.length = 0;
      models.lines.length = 0;
    },
    afterChart: async (sheet) => {
      const chart = await trendChart;
      if (chart !== null && 'png' in chart) {
        sheet.addImage({ ...chart, column: 0, row: chartRow - 1 });
      } else if (chart !== null) {
        // The note goes where the chart would be, below the rows already written.
        const below: SheetLine[] = [];
        placeText(below, Math.max(0, chartRow - 1 - written), 0, chart.unavailable);
        writeLines(sheet, below, template.font, written + 1, widths);
      }
    },
  };
}

/** The Changes sheet (`--compare`): its table of changed tasks, with colours on the changes. */
function planChangesSheet(comparison: Comparison, template: Template, limits: ColumnWidthLimits): SheetPlan {
  const changes = layoutChangesSheet(comparison, template, limits);
  const { headerRow, table } = changes;
  const lines: SheetLine[] = [...changes.table.head, { style: 'body', cells: [] }, ...changes.tableLines];
  return {
    options: linesSheetOptions(changes.widths, {
      name: template.sheets.changes,
      frozen: frozenRows(headerRow),
      pageSetup: createPageSetup(headerRow),
      conditionalFormats: changes.conditionalFormats,
      ...(table.rows.length > 0
        ? {
            table: {
              name: 'Changes',
              topLeft: `A${headerRow}`,
              columns: table.header,
              rows: table.rows.length,
              style: TABLE_STYLE,
            },
          }
        : {}),
    }),
    waitsForChart: false,
    fill: (sheet) => {
      writeLines(sheet, lines, template.font, 1, changes.widths);
    },
  };
}

/** The Errors sheet: the tasks that could not be fetched, and why. */
function planErrorsSheet(errorLines: SheetLine[], template: Template, limits: ColumnWidthLimits): SheetPlan {
  const widths = computeLineWidths(errorLines, limits);
  return {
    options: linesSheetOptions(widths, {
      name: template.sheets.errors,
      frozen: frozenRows(1),
      pageSetup: createPageSetup(1),
      autoFilter: `A1:B${errorLines.length}`,
    }),
    waitsForChart: false,
    fill: (sheet) => {
      writeLines(sheet, errorLines, template.font, 1, widths);
    },
  };
}

/** Options of a sheet of lines (Summary, Models, Changes, Errors): its fitted column widths. */
function linesSheetOptions(widths: readonly number[], options: Omit<SheetOptions, 'columns'>): SheetOptions {
  return { ...options, columns: widths.map((width) => ({ width })) };
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

/**
 * The name of the n-th Tasks sheet (1-based): `Tasks`, then `Tasks (2)`, `Tasks (3)`, …, the base cut
 * so the name stays within Excel's 31 characters.
 */
export function nameTasksSheet(base: string, index: number): string {
  if (index === 1) return base;
  const suffix = ` (${index})`;
  return `${[...base].slice(0, MAX_SHEET_NAME_CHARS - suffix.length).join('')}${suffix}`;
}

/**
 * The Tasks sheets: every task in one sheet, or, past `maxDataRows` tasks (Excel's row limit less the
 * header), in as many sheets as it takes, each with its header, filter, formats and print setup.
 */
function planTasksSheets(
  layout: TasksLayout,
  font: TemplateFont,
  name: string,
  maxDataRows: number,
): SheetPlan[] {
  const { columns, rows } = layout;
  const bodyFont = { name: font.name, size: font.size };
  const columnStyles: CellStyle[] = columns.map((column) => ({
    font: bodyFont,
    ...(column.numFmt === undefined ? {} : { numFmt: column.numFmt }),
  }));
  // The table style bolds its header in Excel; other spreadsheets (LibreOffice) ignore table styles.
  const headerStyle: CellStyle = { font: { ...bodyFont, bold: true } };
  const headerStyles = columns.map(() => headerStyle);
  const labels = columns.map((column) => column.label);
  const plans: SheetPlan[] = [];
  const sheetCount = Math.max(1, Math.ceil(rows.length / Math.max(1, maxDataRows)));
  for (let index = 0; index < sheetCount; index++) {
    const first = index * maxDataRows;
    const count = Math.min(maxDataRows, rows.length - first);
    const ref = `A1:${columnLetter(columns.length)}${count + 1}`;
    plans.push({
      options: {
        name: nameTasksSheet(name, index + 1),
        columns: columns.map((column, columnIndex) => ({
          width: column.width,
          hidden: column.hidden,
          ...(columnStyles[columnIndex] === undefined ? {} : { style: columnStyles[columnIndex] }),
        })),
        frozen: frozenRows(1, 1),
        pageSetup: createPageSetup(1, selectPrintArea(columns, count)),
        conditionalFormats: buildTaskConditionalFormats(columns, count, layout.labelStatus),
        // Excel wants at least one data row in a table: an empty report gets a plain header with a
        // filter. Table names are unique in a workbook: `Tasks`, `Tasks2`, ….
        ...(count === 0
          ? { autoFilter: ref }
          : {
              table: {
                name: index === 0 ? 'Tasks' : `Tasks${index + 1}`,
                topLeft: 'A1',
                columns: labels,
                rows: count,
                style: TABLE_STYLE,
              },
            }),
      },
      waitsForChart: false,
      fill: (sheet) => {
        sheet.writeRow(1, labels, headerStyles);
        const values = new Array<CellValue>(columns.length);
        for (let offset = 0; offset < count; offset++) {
          const row = rows[first + offset];
          if (row !== undefined) sheet.writeRow(offset + 2, toTaskValues(layout, row, values));
        }
      },
    });
  }
  return plans;
}
