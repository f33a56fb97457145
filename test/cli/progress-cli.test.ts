import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, readTaskData, type Emulator } from '../../src/emulator/index.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { BIN, runCli, EDGE_FIXTURES } from '../support/cli.js';

const ACCESS = 'AK-PROGRESS';
const SECRET = 'progress-secret-4Wz';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };
const UNKNOWN = 'd2ea7bb8-6012-476f-985f-2e3c029484b2';

let tasks: Array<Record<string, unknown>>;
let emulator: Emulator;

beforeAll(async () => {
  tasks = await readTaskData(join(EDGE_FIXTURES, 'tasks.json'));
  emulator = await createEmulator({ tasks, credentials: { accessKey: ACCESS, secretKey: SECRET }, rps: 100 });
});
afterAll(async () => {
  await emulator.close();
});

const ids = (n: number): string[] => tasks.slice(0, n).map((t) => String(t.task_id));
const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'nclue-progress-'));

async function report(args: string[], target: Emulator = emulator) {
  const out = await tempDir();
  const r = await runCli(
    [...args, '--endpoint', target.url, '--rps', '50', '--strategy', 'get', '--out', out, '--name', 'r'],
    { env: ENV },
  );
  return { ...r, out };
}

describe('progress and final lines, not on a TTY (stderr is a pipe, as under cron)', () => {
  it('a run of a few seconds prints one plain line, the final one; no escape codes, nothing on stdout', async () => {
    const r = await report(ids(20));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.includes('\r') || r.stderr.includes('\x1b')).toBe(false);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('progress: '));
    expect(lines).toEqual(['progress: 20/20 tasks (100%), 0 failed']);
  });

  it('says which existing reports of the same name it replaces, in one line', async () => {
    const first = await report(ids(2));
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain('will be replaced');
    const out = first.out;
    const again = await runCli(
      [
        ...ids(2),
        '--endpoint',
        emulator.url,
        '--rps',
        '50',
        '--strategy',
        'get',
        '--out',
        out,
        '--name',
        'r',
      ],
      { env: ENV },
    );
    expect(again.code).toBe(0);
    const notices = again.stderr.split('\n').filter((l) => l.includes('will be replaced'));
    expect(notices).toEqual([
      `existing reports of the same name will be replaced: ${['r.csv', 'r.models.csv', 'r.xlsx'].map((f) => join(out, f)).join(', ')} (choose another --name to keep them)`,
    ]);
  });

  it('with --format csv, the closing lines name only the CSV for the failed tasks', async () => {
    const r = await report([...ids(2), UNKNOWN, '--format', 'csv']);
    expect(r.code).toBe(3);
    const last = r.stderr.trimEnd().split('\n').at(-1);
    expect(last).toBe('exit code 3: reports written, but 1 task has a fetch_error (fetch_error column)');
    expect(r.stderr).not.toContain('Errors sheet');
  });

  it('ends with what was written where, the statuses, the errors and the exit code', async () => {
    const r = await report([...ids(3), UNKNOWN]);
    expect(r.code).toBe(3);
    const tail = r.stderr.trimEnd().split('\n').slice(-9);
    expect(tail[0]).toMatch(
      /^done in \d+ s: 4 tasks requested, 3 fetched, 1 with a fetch_error; 4 requests sent \(0 retries, 0 throttled\)$/,
    );
    expect(tail[1]).toMatch(/^by status: .*\(fetch error\) 1$/);
    expect(tail[2]).toBe('fetch errors: 1x not found (HTTP 404)');
    expect(tail[3]).toMatch(/^period \d{4}-\d{2} \(newest month /);
    expect(tail[4]).toMatch(/^models: \d+ /);
    expect(tail[5]).toBe(`wrote ${join(r.out, 'r.csv')} (4 rows)`);
    expect(tail[6]).toMatch(new RegExp(`^wrote ${join(r.out, 'r.models.csv')} \\(\\d+ rows?\\)$`));
    expect(tail[7]).toBe(`wrote ${join(r.out, 'r.xlsx')} (4 rows)`);
    expect(tail[8]).toMatch(/^exit code 3: reports written, but 1 task has a fetch_error/);
  });

  it('--quiet prints nothing on success and a single error line on a partial run', async () => {
    const ok = await report([...ids(3), '--quiet']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('');
    const partial = await report([...ids(3), UNKNOWN, '--quiet']);
    expect(partial.code).toBe(3);
    expect(partial.stderr).toBe(
      `error: 1 of 4 tasks could not be fetched (1x not found (HTTP 404)); reports written to ${join(partial.out, 'r.csv')}, ${join(partial.out, 'r.models.csv')}, ${join(partial.out, 'r.xlsx')} (exit code 3)\n`,
    );
  });

  it('--no-progress hides the progress but keeps the final lines', async () => {
    const r = await report([...ids(5), '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('progress:');
    expect(r.stderr).toContain('exit code 0: every requested task was fetched');
  });
});

describe('--wait (the CLI, a task that finishes between two polls)', () => {
  let waiting: Emulator;
  let id: string;

  beforeAll(async () => {
    const task = tasks.find((t) => t.status === 'completed');
    id = String(task?.task_id);
    const unfinished = JSON.stringify({ ...task, status: 'in_progress', AUROC: null, completed_at: null });
    // The first three answers say "in progress", then the task is served as completed.
    waiting = await createEmulator({
      tasks,
      credentials: { accessKey: ACCESS, secretKey: SECRET },
      rps: 100,
      faults: { [id]: [{ body: unfinished }, { body: unfinished }, { body: unfinished }] },
    });
  });
  afterAll(async () => {
    await waiting.close();
  });

  it('polls until the task is done, shows the wait, and reports the final state', async () => {
    // A sub-second --wait-timeout shortens the 30-s pause to one round at the deadline. First run:
    // in progress when fetched and when polled, so it gives up; second run: done when polled.
    const r = await report([id, '--wait', '--wait-timeout', '0.2', '--format', 'csv'], waiting);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('waiting: 1 task unfinished (in_progress 1) after 0 polls; next poll in 1 s');
    expect(r.stderr).toContain(
      '--wait: gave up at --wait-timeout after 1 poll round with 1 task unfinished (in_progress 1)',
    );
    const again = await report([id, '--wait', '--wait-timeout', '0.2', '--format', 'csv'], waiting);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('--wait: every task finished (1 poll round)');
    const rows = parseCsv(await readFile(join(again.out, 'r.csv'), 'utf8')).map((rec) => rec.fields);
    expect(rows[1]?.[REPORT_COLUMNS.indexOf('status')]).toBe('completed');
    expect(waiting.stats.log.filter((l) => l.taskId === id)).toHaveLength(4);
    expect(r.stderr + again.stderr).not.toContain(SECRET);
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe.skipIf(!hasScript)('on a TTY (the CLI under a pseudo-terminal via `script`)', () => {
  it('draws a live bar with counts and ETA, redrawn in place, and clears it before the final lines', async () => {
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const out = await tempDir();
    const args = [
      ...ids(20),
      '--endpoint',
      emulator.url,
      '--rps',
      '20',
      '--strategy',
      'get',
      '--out',
      out,
      '--format',
      'csv',
    ];
    const command = [process.execPath, BIN, ...args].map(quote).join(' ');
    const terminal = await new Promise<{ code: number | null; text: string }>((done, fail) => {
      const child = spawn('script', ['-qfec', command, '/dev/null'], {
        env: { PATH: process.env.PATH, HOME: out, TERM: 'xterm', ...ENV },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
      child.on('error', fail);
      child.on('close', (code) => done({ code, text }));
    });
    expect(terminal.code).toBe(0);
    const { text } = terminal;
    // Redrawn in place: carriage return + erase line, then the bar.
    const frames = text.split('\r\x1b[K').filter((f) => f.startsWith('['));
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(frames[0]).toMatch(/^\[>? *\] 0\/20 +0% \| 0 failed \| ETA \d+ s$/);
    expect(frames.some((f) => /^\[=+>? *\] \d+\/20 +\d+% \| 0 failed \| ETA \d+ s$/.test(f))).toBe(true);
    expect(frames.at(-1)).toMatch(/^\[=+\] 20\/20 100% \| 0 failed/);
    // The bar is erased before the final lines, which are plain lines on their own.
    const afterBar = text.slice(text.lastIndexOf('\r\x1b[K') + '\r\x1b[K'.length);
    expect(afterBar).toMatch(/^(warning: [^\r\n]*\r?\n)*done in /);
    expect(afterBar).toContain('exit code 0');
    expect(afterBar).not.toContain('[=');
  });
});
