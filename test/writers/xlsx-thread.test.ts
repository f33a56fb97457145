/**
 * The workbook thread (src/writers/xlsx-thread.ts) as the built CLI runs it: its script exists only
 * in dist/ (`npm test` builds first), so the module is loaded from there. A workbook written on the
 * thread must be the one the main thread writes, part for part, and a failure must read the same.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWriteFailure } from '../../src/writers/write-reports.js';
import { IN_MEMORY_MAX_TASKS, writeXlsx } from '../../src/writers/xlsx.js';
import type * as ThreadModule from '../../src/writers/xlsx-thread.js';
import { buildDocument } from './document.js';
import { GOLDEN_PREVIOUS, GOLDEN_ROWS } from './fixtures/golden-report.js';

const BUILT = pathToFileURL(
  resolve(import.meta.dirname, '..', '..', 'dist', 'writers', 'xlsx-thread.js'),
).href;

let folder: string;
let thread: ThreadModule.XlsxThread | null = null;
let built: typeof ThreadModule;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'xlsx-thread-'));
  built = (await import(BUILT)) as typeof ThreadModule;
});
afterAll(async () => {
  await thread?.close();
  await rm(folder, { recursive: true, force: true });
});

/** Every part of a workbook, by name: its bytes. */
async function readParts(path: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const parts = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files).sort()) {
    const file = zip.file(name);
    if (file !== null) parts.set(name, await file.async('nodebuffer'));
  }
  return parts;
}

describe('the workbook thread', () => {
  it('writes the same parts as the main thread: charts, models, changes, errors', async () => {
    const document = await buildDocument(GOLDEN_ROWS, { previous: GOLDEN_PREVIOUS, models: true });
    thread = built.startXlsxThread(document.report.rows.length);
    expect(thread).not.toBeNull();
    const here = join(folder, 'here.xlsx');
    const there = join(folder, 'there.xlsx');
    await writeXlsx(here, document);
    await thread?.write(there, document);
    const [ours, theirs] = await Promise.all([readParts(here), readParts(there)]);
    expect([...theirs.keys()]).toEqual([...ours.keys()]);
    expect([...ours.keys()]).toContain('xl/media/image1.png');
    for (const [name, bytes] of ours) expect(theirs.get(name)?.equals(bytes), name).toBe(true);
  });

  it('fails as the main thread does: the same errno code and reason, and can write again after', async () => {
    const document = await buildDocument(GOLDEN_ROWS);
    thread ??= built.startXlsxThread(document.report.rows.length);
    const missing = join(folder, 'no-such-folder', 'r.xlsx');
    const here = await writeXlsx(missing, document).then(
      () => null,
      (error: unknown) => error,
    );
    const there = await thread?.write(missing, document).then(
      () => null,
      (error: unknown) => error,
    );
    expect((there as { code?: unknown }).code).toBe('ENOENT');
    expect(describeWriteFailure(there)).toBe(describeWriteFailure(here));
    await mkdir(join(folder, 'again'));
    await thread?.write(join(folder, 'again', 'r.xlsx'), document);
    expect((await readParts(join(folder, 'again', 'r.xlsx'))).has('xl/workbook.xml')).toBe(true);
  });

  it('is not started for a streamed workbook, which the main thread writes', () => {
    expect(built.startXlsxThread(IN_MEMORY_MAX_TASKS + 1)).toBeNull();
  });
});
