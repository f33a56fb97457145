/**
 * The run as a whole (src/cli/run-cli.ts, in-process) for --dry-run and --all, against the emulator on
 * 127.0.0.1. In-process so these tests need no build; test/cli covers the built binary.
 */
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { UsageError } from '../../src/core/errors.js';
import { uuid } from '../support/task-ids.js';
import { makeTasks } from './list-server.js';

const ACCESS = 'AK-SCALE';
const SECRET = 'scale-secret-9f!';

let home: string;
let emulator: Emulator;
const tasks = makeTasks(0, 230);

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'nclue-scale-home-'));
  emulator = await createEmulator({
    tasks,
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    pagination: 'page',
  });
});
afterAll(async () => {
  await emulator.close();
});

async function run(
  args: string[],
  env: Record<string, string> = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET },
) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--endpoint', emulator.url, '--no-progress'], {
    env: { HOME: home, ...env },
    stdin: Readable.from([]),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    version: '0.0.0-test',
  });
  return { code, stdout, stderr };
}

describe('--dry-run', () => {
  it('prints the plan on stdout, exits 0, sends nothing and creates nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-dry-'));
    const out = join(dir, 'not-yet', 'reports');
    const ids = join(dir, 'ids.txt');
    await writeFile(ids, [uuid(1), uuid(2), uuid(2).toUpperCase(), 'bogus', uuid(3), uuid(4)].join('\n'));
    const before = emulator.stats.requests;
    const r = await run(['--ids', ids, '--out', out, '--name', 'r', '--rps', '2', '--dry-run']);
    expect(r.code).toBe(0);
    expect(emulator.stats.requests).toBe(before);
    expect(r.stdout).toContain('6 given, 5 unique (1 duplicate reported once), 4 valid, 1 invalid');
    expect(r.stdout).toContain('strategy: auto');
    expect(r.stdout).toContain('requests: 1 to 5, about 0 s to 2 s at 2 requests/s');
    expect(r.stdout).toContain(join(out, 'r.csv'));
    expect(r.stdout).toContain('credentials: environment variables');
    expect(r.stdout).not.toContain(SECRET);
    await expect(stat(join(dir, 'not-yet'))).rejects.toThrow();
  });

  it('plans --all and keeps an existing checkpoint untouched with --resume', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nclue-dry-'));
    const checkpoint = join(out, 'r.checkpoint.jsonl');
    await writeFile(checkpoint, `${JSON.stringify({ task_id: uuid(1), task: tasks[1] })}\n`);
    const before = emulator.stats.requests;
    const all = await run(['--all', '--out', out, '--name', 'r', '--dry-run']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('every task of the account');
    const resumed = await run([
      uuid(1),
      uuid(2),
      '--out',
      out,
      '--name',
      'r',
      '--resume',
      '--dry-run',
      '--strategy',
      'get',
    ]);
    expect(resumed.stdout).toContain('resume: 1 task already in');
    expect(resumed.stdout).toContain('requests: 1,');
    expect(emulator.stats.requests).toBe(before);
    expect(await readFile(checkpoint, 'utf8')).toContain(uuid(1));
    expect(await readdir(out)).toEqual(['r.checkpoint.jsonl']);
  });

  it('says in one line which existing reports of the same name the run would replace', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nclue-dry-'));
    const fresh = await run([uuid(1), '--out', out, '--name', 'r', '--dry-run']);
    expect(fresh.stdout).not.toContain('replace');
    await writeFile(join(out, 'r.csv'), 'task_id\n');
    await writeFile(join(out, 'r.xlsx'), '');
    const r = await run([uuid(1), '--out', out, '--name', 'r', '--dry-run']);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('replace: '));
    expect(lines).toEqual([
      `replace: existing reports of the same name will be replaced: ${join(out, 'r.csv')}, ${join(out, 'r.xlsx')} (choose another --name to keep them)`,
    ]);
  });

  it('starts with an estimate that follows the strategy: listing is counted in list requests', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nclue-est-'));
    const ids = Array.from({ length: 30 }, (_, i) => uuid(i));
    const r = await run([
      ...ids,
      '--out',
      out,
      '--name',
      'e',
      '--strategy',
      'list',
      '--rps',
      '100',
      '--format',
      'csv',
    ]);
    expect(r.stderr).toContain('(strategy list: at least 1 request, depending on the size of the account)');
    const get = await run([
      ...ids,
      '--out',
      out,
      '--name',
      'g',
      '--strategy',
      'get',
      '--rps',
      '100',
      '--format',
      'csv',
    ]);
    expect(get.stderr).toContain('(30 requests: at least 1 s)');
  });

  it('still fails like a real run on missing credentials or an unusable output folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-dry-'));
    await expect(run([uuid(1), '--out', dir, '--dry-run'], {})).rejects.toThrow(/NCLOUD_ACCESS_KEY/);
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    await expect(run([uuid(1), '--out', file, '--dry-run'])).rejects.toBeInstanceOf(UsageError);
  });
});

describe('--all', () => {
  it('reports every task in listing order with ceil(T/100) list requests', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nclue-all-'));
    const before = emulator.stats.requests;
    const r = await run(['--all', '--out', out, '--name', 'all', '--format', 'csv', '--rps', '100']);
    expect(r.code).toBe(0);
    expect(emulator.stats.requests - before).toBe(3);
    expect(r.stderr).toMatch(/listed 230 of 230 tasks in 3 requests \(index is a page number\)/);
    const lines = (await readFile(join(out, 'all.csv'), 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(231);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(tasks.map((t) => t.task_id));
  });
});
