/**
 * Hardening: no input or server may crash a run, and nothing fetched is ever thrown away. Each test
 * runs the CLI in-process against the emulator with a virtual clock, so nothing sleeps for real.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { runInProcess } from '../support/in-process.js';

const ACCESS = 'AK-HARDENING';
const SECRET = 'hardening-secret-5c4b3a';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };
const START = Date.UTC(2026, 10, 29, 3, 0, 0);

function uuid(n: number): string {
  return `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function task(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    task_id: uuid(n),
    task_name: `task ${n}`,
    status: 'completed',
    AUROC: String(0.5 + n / 100),
    ...extra,
  };
}

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(tasks: Array<Record<string, unknown>>, options: Partial<EmulatorOptions> = {}) {
  const clock = createFakeClock(START);
  emulator = await createEmulator({
    tasks,
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    now: () => clock.now(),
    ...options,
  });
  return { clock, emulator };
}

describe('crashes and hangs', () => {
  it('an absurd AUROC keeps its warning and cell, and every report is written', async () => {
    const { clock, emulator } = await start([task(1, { AUROC: '1e7' }), task(2)]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const result = await runInProcess(
      [
        uuid(1),
        uuid(2),
        '--endpoint',
        emulator.url,
        '--out',
        out,
        '--name',
        'r',
        '--format',
        'csv,xlsx,json,html',
      ],
      { env: ENV, clock },
    );
    expect(result.stderr).toContain('outside 0–1');
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['r.csv', 'r.html', 'r.json', 'r.xlsx']);
  });
});

describe('a million IDs', () => {
  it('a --dry-run of a million-line ID file plans every ID', async () => {
    const lines = Array.from({ length: 1_000_000 }, (_, n) => uuid(n));
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const result = await runInProcess(
      ['--ids', '-', '--dry-run', '--endpoint', 'http://127.0.0.1:9/api/v1', '--out', out, '--no-progress'],
      { env: ENV, stdin: `${lines.join('\n')}\n` },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1,000,000|1000000/);
  }, 60_000);
});

describe('leftovers and control characters', () => {
  it('the next run removes temporary files of a killed run, and the CSV drops NUL and ESC', async () => {
    const { clock, emulator } = await start([task(1, { task_name: 'a\u0000b\u001b[2Jc' })]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    // The pid of a process that has ended.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = `.r.csv.${gone}.0123456789ab.tmp`;
    const foreign = '.notes.csv.tmp';
    await writeFile(join(out, leftover), 'half a report');
    await writeFile(join(out, foreign), 'not ours');
    const result = await runInProcess(
      [uuid(1), '--endpoint', emulator.url, '--out', out, '--name', 'r', '--format', 'csv'],
      { env: ENV, clock },
    );
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([foreign, 'r.csv']);
    const csv = await readFile(join(out, 'r.csv'), 'utf8');
    expect(csv).toContain(',ab[2Jc,');
    expect(csv.includes('\u0000') || csv.includes('\u001b')).toBe(false);
  });
});
