/**
 * Interruptions and partial runs: Ctrl-C / SIGTERM, --resume from the checkpoint, atomic reports under
 * kill -9. These run the built CLI as a child process and send it real signals.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { BIN, ROOT } from '../support/cli.js';

const ACCESS = 'AK-INTERRUPT';
const SECRET = 'interrupt-secret-4711';

function uuid(n: number): string {
  return `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
const TASKS = Array.from({ length: 400 }, (_, n) => ({
  task_id: uuid(n),
  task_name: `task ${n}`,
  status: 'completed',
  AUROC: 0.5 + n / 1000,
}));

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

interface Child {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

function spawnCli(args: string[]): Child {
  const child = spawn(process.execPath, [BIN, ...args, '--strategy', 'get'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      NCLOUD_ACCESS_KEY: ACCESS,
      NCLOUD_SECRET_KEY: SECRET,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return {
    done: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr }))),
    kill: (signal) => child.kill(signal),
  };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function csvErrors(path: string): Promise<Map<string, string>> {
  const rows = parseCsv(await readFile(path, 'utf8'), 'report.csv').map((r) => r.fields);
  const col = REPORT_COLUMNS.indexOf('fetch_error');
  return new Map(rows.slice(1).map((r) => [r[0] ?? '', r[col] ?? '']));
}

async function startEmulator(latencyMs: number): Promise<Emulator> {
  emulator = await createEmulator({
    tasks: TASKS,
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    latencyMs,
  });
  return emulator;
}

describe('interruptions and partial runs', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: stops sending, writes what was fetched, marks the rest interrupted, exits %i',
    async (signal, exitCode) => {
      const em = await startEmulator(200);
      const out = await mkdtemp(join(tmpdir(), 'nclue-int-'));
      const ids = TASKS.slice(0, 30).map((t) => t.task_id);
      const child = spawnCli([
        ...ids,
        '--endpoint',
        em.url,
        '--rps',
        '10',
        '--out',
        out,
        '--name',
        'r',
        '--format',
        'csv',
      ]);
      await until(() => em.stats.requests >= 4);
      child.kill(signal);
      const result = await child.done;
      expect(result.code).toBe(exitCode);
      const sentAtExit = em.stats.requests;
      expect(sentAtExit).toBeLessThan(ids.length);
      const errors = await csvErrors(join(out, 'r.csv'));
      expect([...errors.keys()]).toEqual(ids);
      const interrupted = [...errors.values()].filter((e) => e === 'interrupted').length;
      const fetched = [...errors.values()].filter((e) => e === '').length;
      expect(interrupted).toBeGreaterThan(0);
      expect(fetched + interrupted).toBe(ids.length);
      // Requests in flight were allowed to finish: every request sent got its row.
      expect(fetched).toBe(sentAtExit);
      expect(await readdir(out)).toContain('r.checkpoint.jsonl');
    },
  );

  it('--resume fetches only what the checkpoint lacks, then writes the full report and removes the checkpoint', async () => {
    const em = await startEmulator(100);
    const out = await mkdtemp(join(tmpdir(), 'nclue-resume-'));
    const ids = TASKS.slice(0, 25).map((t) => t.task_id);
    const args = [
      ...ids,
      '--endpoint',
      em.url,
      '--rps',
      '20',
      '--out',
      out,
      '--name',
      'r',
      '--format',
      'csv',
    ];
    const first = spawnCli(args);
    await until(() => em.stats.requests >= 6);
    first.kill('SIGINT');
    expect((await first.done).code).toBe(130);
    const missing = [...(await csvErrors(join(out, 'r.csv'))).values()].filter(
      (e) => e === 'interrupted',
    ).length;
    expect(missing).toBeGreaterThan(0);

    const before = em.stats.requests;
    const second = spawnCli([...args, '--resume']);
    const result = await second.done;
    expect(result.code).toBe(0);
    expect(em.stats.requests - before).toBe(missing);
    const errors = await csvErrors(join(out, 'r.csv'));
    expect([...errors.keys()]).toEqual(ids);
    expect([...errors.values()].every((e) => e === '')).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['r.csv', 'r.models.csv']);
  });

  it('a second Ctrl-C exits at once', async () => {
    const em = await startEmulator(20_000);
    const out = await mkdtemp(join(tmpdir(), 'nclue-int2-'));
    const child = spawnCli([uuid(1), uuid(2), '--endpoint', em.url, '--out', out, '--format', 'csv']);
    await until(() => em.stats.requests >= 1);
    const t0 = Date.now();
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const result = await child.done;
    expect(result.code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('kill -9 at any moment never leaves a truncated report under the final name nor destroys the previous one', async () => {
    const em = await startEmulator(0);
    const out = await mkdtemp(join(tmpdir(), 'nclue-kill-'));
    const ids = TASKS.map((t) => t.task_id);
    const previous = 'PREVIOUS REPORT\n';
    for (const delayMs of [150, 300, 450, 600, 800]) {
      await writeFile(join(out, 'r.csv'), previous);
      const child = spawnCli([
        ...ids,
        '--endpoint',
        em.url,
        '--rps',
        '2000',
        '--concurrency',
        '8',
        '--out',
        out,
        '--name',
        'r',
        // A killed run leaves its checkpoint: each round starts over.
        '--fresh',
      ]);
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await child.done;
      const text = await readFile(join(out, 'r.csv'), 'utf8');
      if (text !== previous) {
        const rows = parseCsv(text, 'r.csv');
        expect(rows).toHaveLength(ids.length + 1);
      }
    }
  });
});
