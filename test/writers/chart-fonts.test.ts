import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FontSubsetter, charactersOfSvg, writeSubsetFonts } from '../../src/writers/chart-fonts.js';
import {
  CHART_FONT_FAMILY,
  loadChartFonts,
  releaseChartFonts,
  renderChartPng,
  resolveChartFontFiles,
} from '../../src/writers/chart-png.js';

/** Text that shaping changes: kerning pairs, a ligature candidate, conjoining jamo, a fraction slash. */
const HOSTILE_LINES = [
  '장바구니 이탈 예측 #3 — AVAWATo Yo fi ffl',
  'category affinity - 패션 (2026년 1월) 0.9565 ↑ +0.0123',
  'ᄒᆞᆫ글 1⁄2 “quoted” & <tag> it&#39;s',
];

function chartSvg(): string {
  const lines = HOSTILE_LINES.map(
    (text, i) =>
      `<text x="8" y="${60 + i * 24}" font-size="${13 + i}" fill="#1f2933">${text
        .replace(/&(?!#)/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')}</text>`,
  ).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="140" font-family="${CHART_FONT_FAMILY}">` +
    `<text x="8" y="28" font-size="18" font-weight="bold">AUROC by task &#x2013; 모델별</text>${lines}</svg>`
  );
}

const savedTmp = process.env.TMPDIR;
beforeEach(() => loadChartFonts());
afterEach(() => {
  releaseChartFonts();
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

describe("chart fonts cut to a chart's characters", () => {
  it('draw the same pixels as the whole font files, bold and shaped text included', async () => {
    const svg = chartSvg();
    const whole = await renderChartPng(svg, { subset: false });
    const cut = await renderChartPng(svg);
    expect(cut.equals(whole)).toBe(true);
    // Not a blank picture: the text is there (a blank 840×280 PNG compresses to well under 2 KB).
    expect(whole.length).toBeGreaterThan(8_000);
  });

  it('are a few kilobytes where the fonts are megabytes', async () => {
    const files = resolveChartFontFiles();
    const subsetter = await FontSubsetter.load(files);
    const fonts = subsetter.subset(charactersOfSvg(chartSvg()));
    expect(fonts).toHaveLength(files.length);
    for (const [i, font] of (fonts ?? []).entries()) {
      const { size } = await stat(files[i] ?? '');
      expect(font.length).toBeGreaterThan(1_000);
      expect(font.length * 50).toBeLessThan(size);
      // An OpenType font with CFF outlines, as the originals.
      expect(font.subarray(0, 4).toString('latin1')).toBe('OTTO');
    }
  });

  it('hold the characters a chart spells as references', () => {
    const characters = charactersOfSvg('<text>a&#x2013;b&#8212;c&#39;&amp;</text>');
    for (const character of ['–', '—', "'", '&', '<', '>', '"', 'a', 'b', 'c']) {
      expect(characters).toContain(character);
    }
    expect(new Set(characters).size).toBe(characters.length);
  });

  it('are written to a folder of their own and removed once the chart is drawn', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chart-fonts-'));
    try {
      process.env.TMPDIR = dir;
      const subsetter = await FontSubsetter.load(resolveChartFontFiles());
      const written = writeSubsetFonts(subsetter, chartSvg());
      expect(written?.files).toHaveLength(2);
      expect(await readdir(dir)).toHaveLength(1);
      await written?.remove();
      await renderChartPng(chartSvg());
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fall back to the whole files when no temporary folder can be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chart-fonts-'));
    try {
      process.env.TMPDIR = join(dir, 'missing');
      const svg = chartSvg();
      const png = await renderChartPng(svg);
      delete process.env.TMPDIR;
      expect(png.equals(await renderChartPng(svg, { subset: false }))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
