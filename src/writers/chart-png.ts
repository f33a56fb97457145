import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FontSubsetter, writeSubsetFonts, type ChartFontFiles } from './chart-fonts.js';

/**
 * The font every chart text is set in when rasterised: Noto Sans KR (SIL OFL 1.1), shipped by the npm
 * package @embedpdf/fonts-kr. It has Hangul and Latin, so Korean task names do not become boxes, and
 * the PNG looks the same on every machine whatever fonts it has installed.
 */
export const CHART_FONT_FAMILY = 'Noto Sans KR';
const FONT_PACKAGE = '@embedpdf/fonts-kr';
const FONT_FILES = ['NotoSansKR-Regular.otf', 'NotoSansKR-Bold.otf'] as const;

/** Device pixels per CSS pixel: a 2× image stays sharp when Excel zooms or a screen is high-density. */
export const CHART_PIXEL_RATIO = 2;

/** The bundled font files' paths, found through Node's resolution so any install layout works. */
export function resolveChartFontFiles(): string[] {
  const require = createRequire(import.meta.url);
  // The package exports only its index (dist/index.*); its fonts sit in ../fonts beside it.
  const fontsDir = join(dirname(require.resolve(FONT_PACKAGE)), '..', 'fonts');
  return FONT_FILES.map((file) => join(fontsDir, file));
}

let subsetter: Promise<FontSubsetter | null> | null = null;

/**
 * Loads the font subsetter (chart-fonts.ts) with both weights of the bundled font, about 0.1 s, so that
 * the charts drawn next use fonts cut to their characters. The run does it while the requests are
 * paced (warm-up-writers.ts); charts drawn without it use the whole files, which for a small report
 * is faster than loading it. Never fails: a subsetter that cannot load leaves the whole files.
 */
export async function loadChartFonts(): Promise<void> {
  subsetter ??= FontSubsetter.load(resolveChartFontFiles()).catch(() => null);
  await subsetter;
}

/**
 * Lets the font subsetter go (its WebAssembly memory, about 65 MB, is freed by a later garbage
 * collection) once a run's charts are drawn.
 */
export function releaseChartFonts(): void {
  subsetter = null;
}

/** Loads the renderer ahead of use; never fails (renderChartPng reports a missing renderer). */
export async function preloadChartRenderer(): Promise<void> {
  await import('@resvg/resvg-js').catch(() => undefined);
}

/**
 * Rasterises an SVG (from chart-svg.ts) to PNG with resvg, using only the bundled font: system fonts
 * are not loaded, so the result does not depend on the machine. The work runs on libuv's thread pool
 * (renderAsync), so a workbook's big sheet is written while its charts are drawn. Once loadChartFonts
 * has run, the font is cut to the chart's characters first (chart-fonts.ts), which draws the same
 * pixels several times faster; otherwise, or if the cut fails, the whole font files are used.
 */
export async function renderChartPng(svg: string, options: { subset?: boolean } = {}): Promise<Buffer> {
  // A native module: loaded only when a workbook with a chart is written.
  const { renderAsync } = await import('@resvg/resvg-js');
  const subset = options.subset === false ? null : await subsetFontsFor(svg);
  try {
    const image = await renderAsync(svg, {
      fitTo: { mode: 'zoom', value: CHART_PIXEL_RATIO },
      font: {
        fontFiles: subset?.files ?? resolveChartFontFiles(),
        loadSystemFonts: false,
        defaultFontFamily: CHART_FONT_FAMILY,
        sansSerifFamily: CHART_FONT_FAMILY,
      },
    });
    return image.asPng();
  } finally {
    await subset?.remove();
  }
}

async function subsetFontsFor(svg: string): Promise<ChartFontFiles | null> {
  const fonts = subsetter === null ? null : await subsetter;
  if (fonts === null) return null;
  try {
    return writeSubsetFonts(fonts, svg);
  } catch {
    // No temporary folder to be had: the whole files draw the same chart, more slowly.
    return null;
  }
}
