import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The chart fonts cut down to the characters one chart uses, by HarfBuzz's subsetter (the npm package
 * harfbuzzjs, its hb-subset WebAssembly build, through HarfBuzz's C API: hb-subset.h).
 *
 * Why: resvg reads a font file whole for every glyph it draws and every text it lays out (resvg-js
 * 2.6 builds fontdb without memory-mapping; its `fontBuffers` option goes through JSON). Noto Sans KR
 * is 4.5 MB a weight, so a chart's text cost about 0.17 ms a glyph. The cut-down fonts are about 15 KB,
 * and the same chart draws 3–4 times faster, to the same pixels (docs/development.md, "Libraries").
 *
 * The cut keeps the layout features shaping applies by default and every name, so text is shaped and
 * its font matched as with the full files. Loading takes about 0.1 s (the WebAssembly module and both
 * fonts); each cut about 2–3 ms a font. Its memory, about 65 MB once it has cut, goes with it.
 */

/** The part of hb-subset.wasm's exports used here (HarfBuzz's C API; pointers are offsets into memory). */
interface HarfBuzzSubset {
  /** The module's memory; `buffer` is replaced when it grows. */
  memory: { readonly buffer: ArrayBuffer };
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, setType: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

/** Node's WebAssembly global, which the project's type libraries (no DOM) do not declare. */
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }> };
};

/** hb_memory_mode_t: the font's bytes stay where they are and are never written. */
const HB_MEMORY_MODE_READONLY = 1;
/** hb_subset_sets_t: the name IDs to keep. */
const HB_SUBSET_SETS_NAME_ID = 4;

/** Cuts fonts loaded once to the characters of a text. */
export class FontSubsetter {
  private constructor(
    private readonly hb: HarfBuzzSubset,
    private readonly faces: readonly number[],
  ) {}

  /** Loads HarfBuzz's subsetter and the fonts, each read straight into its memory. */
  static async load(fontFiles: readonly string[]): Promise<FontSubsetter> {
    const require = createRequire(import.meta.url);
    const wasm = await readFile(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance } = await wasmApi.instantiate(wasm);
    const hb = instance.exports as HarfBuzzSubset;
    hb._initialize();
    const faces: number[] = [];
    for (const file of fontFiles) faces.push(await loadFace(hb, file));
    return new FontSubsetter(hb, faces);
  }

  /** One font file's bytes per loaded font, holding the characters of `text`; null if HarfBuzz failed. */
  subset(text: string): Buffer[] | null {
    const fonts: Buffer[] = [];
    for (const face of this.faces) {
      const font = this.subsetFace(face, text);
      if (font === null) return null;
      fonts.push(font);
    }
    return fonts;
  }

  private subsetFace(face: number, text: string): Buffer | null {
    const { hb } = this;
    const input = hb.hb_subset_input_create_or_fail();
    if (input === 0) return null;
    try {
      // Layout features: HarfBuzz's default, those a shaper applies on its own (kerning, ligatures,
      // Hangul jamo…). Names: all of them, where HarfBuzz keeps IDs 0–6 only; resvg matches the bold
      // weight by the typographic family and subfamily (IDs 16 and 17).
      const names = hb.hb_subset_input_set(input, HB_SUBSET_SETS_NAME_ID);
      hb.hb_set_clear(names);
      hb.hb_set_invert(names);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const character of new Set(text)) hb.hb_set_add(unicodes, character.codePointAt(0) ?? 0);
      const subset = hb.hb_subset_or_fail(face, input);
      if (subset === 0) return null;
      const blob = hb.hb_face_reference_blob(subset);
      try {
        const start = hb.hb_blob_get_data(blob, 0);
        const length = hb.hb_blob_get_length(blob);
        // Copied out: HarfBuzz's memory is reused, and may move when it grows.
        return length === 0 ? null : Buffer.from(new Uint8Array(hb.memory.buffer, start, length));
      } finally {
        hb.hb_blob_destroy(blob);
        hb.hb_face_destroy(subset);
      }
    } finally {
      hb.hb_subset_input_destroy(input);
    }
  }
}

async function loadFace(hb: HarfBuzzSubset, file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const pointer = hb.malloc(size);
    if (pointer === 0) throw new Error(`no memory for ${file}`);
    // A view taken after malloc, which may have grown (and so replaced) the memory's buffer.
    const { bytesRead } = await handle.read(new Uint8Array(hb.memory.buffer, pointer, size), 0, size, 0);
    if (bytesRead !== size) throw new Error(`${file} changed while it was read`);
    // The blob and the face refer to these bytes for the life of the process.
    const blob = hb.hb_blob_create(pointer, size, HB_MEMORY_MODE_READONLY, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
    return face;
  } finally {
    await handle.close();
  }
}

/**
 * The characters an SVG can show: those it holds, and those it spells as character references
 * (`&#39;`, `&#x2013;`, `&amp;`). Its markup comes along, which costs a few Latin glyphs.
 */
export function charactersOfSvg(svg: string): string {
  const characters = new Set(svg);
  for (const match of svg.matchAll(/&#(x[0-9a-f]+|[0-9]+);/gi)) {
    const digits = match[1] ?? '';
    const code =
      digits.startsWith('x') || digits.startsWith('X') ? parseInt(digits.slice(1), 16) : Number(digits);
    if (code <= 0x10ffff) characters.add(String.fromCodePoint(code));
  }
  for (const character of `&<>"'`) characters.add(character);
  return [...characters].join('');
}

/** Font files written for one chart, removed once it is drawn. */
export interface ChartFontFiles {
  files: string[];
  remove(): Promise<void>;
}

/**
 * Writes the fonts cut to an SVG's characters into a fresh folder under the system's temp folder.
 * Synchronously: two files of about 15 KB, written at once, so the chart starts drawing before the
 * workbook writer, busy filling its sheets, next lets the event loop run.
 */
export function writeSubsetFonts(subsetter: FontSubsetter, svg: string): ChartFontFiles | null {
  const fonts = subsetter.subset(charactersOfSvg(svg));
  if (fonts === null) return null;
  const dir = mkdtempSync(join(tmpdir(), 'nclue-report-fonts-'));
  try {
    const files = fonts.map((font, i) => {
      const file = join(dir, `${i}.otf`);
      writeFileSync(file, font);
      return file;
    });
    // A folder that cannot be removed is left to the system's temp cleaning; the chart is drawn.
    return { files, remove: () => rm(dir, { recursive: true, force: true }).catch(() => undefined) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
