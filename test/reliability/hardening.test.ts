/**
 * Hardening: no input or server may crash a run, and nothing fetched is ever thrown away. Each test
 * runs the CLI in-process against the emulator with a virtual clock, so nothing sleeps for real.
 */
import { spawn, spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createUndiciTransport, MAX_RESPONSE_BODY_BYTES } from '../../src/client/transport.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { readConfigFile } from '../../src/config/config-file.js';
import { describeDeclaredOptions } from '../../src/config/declared-options.js';
import { readProfileFile } from '../../src/config/profile.js';
import { readPreviousReport } from '../../src/history/read-previous-report.js';
import { createParser } from '../../src/cli/options.js';
import { UsageError } from '../../src/core/errors.js';
import { readTaskIdFile } from '../../src/input/read-task-ids.js';
import { readProcessStart } from '../../src/core/read-process-start.js';
import { openCheckpoint } from '../../src/pipeline/checkpoint.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import { BIN, ROOT } from '../support/cli.js';
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

/**
 * The files of a run's output folder that these tests are about: reports, checkpoints, locks and
 * hidden (temporary) files. Report outputs beyond `<name>.<format>` (per-model tables) are left out.
 */
async function listOut(out: string): Promise<string[]> {
  return (await readdir(out)).filter((name) => !/\.models\.\w+$/.test(name)).sort();
}

async function csvErrors(path: string): Promise<Map<string, string>> {
  const rows = parseCsv(await readFile(path, 'utf8'), 'report.csv').map((r) => r.fields);
  const col = REPORT_COLUMNS.indexOf('fetch_error');
  return new Map(rows.slice(1).map((r) => [r[0]?.replace(/^\uFEFF/, '') ?? '', r[col] ?? '']));
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
    expect(await listOut(out)).toEqual(['r.csv', 'r.html', 'r.json', 'r.xlsx']);
  });
});

describe('deeply nested JSON', () => {
  it('a task with 5000 levels of nesting is reported; unknown fields never reach the checkpoint', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const body = `{"task_id":"${uuid(1)}","task_name":"deep","status":"completed","AUROC":"0.8","extra":${deep},"test_file_path":${deep}}`;
    const { clock, emulator } = await start([task(1), task(2)], { faults: { [uuid(1)]: [{ body }] } });
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const args = [
      uuid(1),
      uuid(2),
      '--endpoint',
      emulator.url,
      '--out',
      out,
      '--name',
      'r',
      '--format',
      'csv,json',
      '--strategy',
      'get',
    ];
    const result = await runInProcess(args, { env: ENV, clock });
    expect(result.stderr).toContain('test_file_path [[[[');
    expect(result.code).toBe(0);
    const errors = await csvErrors(join(out, 'r.csv'));
    expect([...errors.values()]).toEqual(['', '']);
    const json = await readFile(join(out, 'r.json'), 'utf8');
    expect(json).not.toContain('extra');
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
    expect(await listOut(out)).toEqual([foreign, 'r.csv']);
    const csv = await readFile(join(out, 'r.csv'), 'utf8');
    expect(csv).toContain(',ab[2Jc,');
    expect(csv.includes('\u0000') || csv.includes('\u001b')).toBe(false);
  });
});

describe('response body cap', () => {
  it("a body over 16 MiB is that task's fetch error, not retried; the other tasks are kept", async () => {
    const { clock, emulator } = await start([task(1), task(2), task(3)], {
      faults: {
        [uuid(1)]: [{ bodyBytes: MAX_RESPONSE_BODY_BYTES + 1 }],
        [uuid(2)]: [{ bodyBytes: 1024 * 1024 }],
      },
    });
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const result = await runInProcess(
      [
        uuid(1),
        uuid(2),
        uuid(3),
        '--endpoint',
        emulator.url,
        '--out',
        out,
        '--name',
        'r',
        '--format',
        'csv',
        '--strategy',
        'get',
      ],
      { env: ENV, clock },
    );
    expect(result.code).toBe(3);
    const errors = await csvErrors(join(out, 'r.csv'));
    expect(errors.get(uuid(1))).toBe('response body over 16 MiB');
    expect(errors.get(uuid(2))).toBe('');
    expect(errors.get(uuid(3))).toBe('');
    expect(emulator.stats.log.filter((l) => l.taskId === uuid(1))).toHaveLength(1);
  });

  it('a large body sent slowly ends at the cap, not as a time-out: one request, no retry', async () => {
    // A hostile server: 1 MiB every 40 ms, no Content-Length, 600 MiB in all.
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const piece = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || sent >= 600) return clearInterval(timer);
        res.write(piece);
        sent++;
      }, 40);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    try {
      const result = await runInProcess(
        [
          uuid(1),
          '--endpoint',
          `http://127.0.0.1:${port}/api/v1`,
          '--out',
          out,
          '--name',
          'r',
          '--timeout',
          '300',
        ],
        { env: ENV, clock: createFakeClock(START) },
      );
      expect(result.code).toBe(3);
      expect((await csvErrors(join(out, 'r.csv'))).get(uuid(1))).toBe('response body over 16 MiB');
      expect(requests).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a Content-Length over the cap is refused before the body is read', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(2 * 1024 ** 3) });
      res.write('{');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = createUndiciTransport({});
    try {
      const { port } = server.address() as AddressInfo;
      await expect(
        transport.get({ url: `http://127.0.0.1:${port}/x`, headers: {}, timeoutMs: 5000 }),
      ).rejects.toMatchObject({ message: 'response body over 16 MiB', retryable: false });
    } finally {
      await transport.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('credentials and config files', () => {
  it('an access key with a line break exits 2 before any request, naming the variable, never the key', async () => {
    const { clock, emulator } = await start([task(1)]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const result = await runInProcess([uuid(1), '--endpoint', emulator.url, '--out', out], {
      env: { NCLOUD_ACCESS_KEY: `${ACCESS}\r\nX-Injected: 1`, NCLOUD_SECRET_KEY: SECRET },
      clock,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('NCLOUD_ACCESS_KEY');
    expect(result.stderr).not.toContain(ACCESS);
    expect(result.stderr).not.toContain(SECRET);
    expect(emulator.stats.requests).toBe(0);
  });
});

/** Runs the built CLI with stdin from `stdinFd` (or nothing); resolves with its exit code and stderr. */
function spawnCli(args: string[], env: Record<string, string>, stdinFd?: number) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', ...env },
    stdio: [stdinFd ?? 'ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    }),
  );
}

async function fifo(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'nclue-fifo-')), 'pipe');
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  return path;
}

describe.skipIf(process.platform === 'win32')('files that are not regular files', () => {
  it('refuses a FIFO with no writer as --ids, --template, --config and the credentials file', async () => {
    const pipe = await fifo();
    await expect(readTaskIdFile(pipe)).rejects.toThrow(
      /--ids .* is a named pipe \(FIFO\), not a regular file/,
    );
    await expect(loadTemplate(pipe)).rejects.toThrow(/--template .* is a named pipe/);
    expect(() => readConfigFile(pipe, describeDeclaredOptions(createParser('0')))).toThrow(UsageError);
    await expect(readProfileFile(pipe)).rejects.toThrow(/is a named pipe/);
    await expect(readPreviousReport(pipe, [])).rejects.toThrow(/--compare .* is a named pipe/);
    for (const mode of ['new', 'resume', 'fresh'] as const) {
      await expect(openCheckpoint(pipe, mode)).rejects.toThrow(/checkpoint .* is a named pipe/);
    }
  });

  it('refuses /dev/zero as the ID file', async () => {
    await expect(readTaskIdFile('/dev/zero')).rejects.toThrow(/is a device, not a regular file/);
  });

  it('the CLI exits 2 at once on a FIFO as --ids or --config', async () => {
    const pipe = await fifo();
    const ids = await spawnCli(['--ids', pipe, '--endpoint', 'http://127.0.0.1:9/api/v1'], ENV);
    expect(ids.code).toBe(2);
    expect(ids.stderr).toContain('named pipe');
    const config = await spawnCli(
      [uuid(1), '--config', pipe, '--endpoint', 'http://127.0.0.1:9/api/v1'],
      ENV,
    );
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('named pipe');
  });
});

describe('bytes are counted as they are read', () => {
  it('an endless stdin stops at the cap with a UsageError', async () => {
    let produced = 0;
    async function* endless() {
      const chunk = Buffer.from(`${uuid(1)}\n`.repeat(1000));
      for (;;) {
        produced += chunk.length;
        yield chunk;
      }
    }
    const stdin = Readable.from(endless());
    await expect(readTaskIdFile('-', stdin, 1024 * 1024)).rejects.toThrow(
      /stdin is larger than 1048576 bytes/,
    );
    expect(produced).toBeLessThan(2 * 1024 * 1024);
  });

  it('`--ids - < /dev/zero` exits 2 on the first bytes', async () => {
    const zero = openSync('/dev/zero', 'r');
    const result = await spawnCli(['--ids', '-', '--endpoint', 'http://127.0.0.1:9/api/v1'], ENV, zero);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('looks binary');
  });
});

describe('proxies', () => {
  it('signed requests to a loopback endpoint never go through HTTP_PROXY; --verbose names the route', async () => {
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${String(req.headers['x-ncp-iam-access-key'])}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    // undici tunnels every proxied request, http too: a refused CONNECT is enough to see it.
    proxy.on('connect', (req, socket) => {
      seen.push(`CONNECT ${String(req.url)}`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const { emulator } = await start([task(1)]);
      const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
      const result = await runInProcess(
        [uuid(1), '--endpoint', emulator.url, '--out', out, '--format', 'csv', '--verbose'],
        { env: { ...ENV, HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl } },
      );
      expect(result.code).toBe(0);
      expect(seen).toEqual([]);
      expect(emulator.stats.requests).toBeGreaterThan(0);
      expect(result.stderr).toContain('route: direct (loopback endpoint');

      // Other hosts still use the proxy.
      const transport = createUndiciTransport({ HTTP_PROXY: proxyUrl });
      await expect(
        transport.get({ url: 'http://nclue.test/api/v1/tasks', headers: {}, timeoutMs: 5000 }),
      ).rejects.toThrow();
      await transport.close();
      expect(seen).toEqual(['CONNECT nclue.test:80']);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

/** A run of the CLI in-process against `emulator`, into `out` with the name `r` unless `--name` is given. */
async function report(
  clock: ReturnType<typeof createFakeClock>,
  emulator: Emulator,
  out: string,
  ids: string[],
  flags: string[] = [],
) {
  const before = emulator.stats.log.length;
  const name = flags.includes('--name') || flags.includes('--resume') ? [] : ['--name', 'r'];
  const result = await runInProcess(
    [
      ...ids,
      '--endpoint',
      emulator.url,
      '--out',
      out,
      ...name,
      '--format',
      'csv',
      '--strategy',
      'get',
      ...flags,
    ],
    { env: ENV, clock },
  );
  const asked = emulator.stats.log.slice(before).flatMap((l) => (l.taskId === undefined ? [] : [l.taskId]));
  return { ...result, asked };
}

describe('nothing fetched is thrown away', () => {
  it('a partial run (exit 3) keeps its checkpoint; --resume fetches only the failed task', async () => {
    const { clock, emulator } = await start([task(1), task(2), task(3)], {
      faults: { [uuid(2)]: [{ status: 503 }] },
    });
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const first = await report(clock, emulator, out, [uuid(1), uuid(2), uuid(3)], ['--retries', '0']);
    expect(first.code).toBe(3);
    expect(await listOut(out)).toEqual(['r.checkpoint.jsonl', 'r.csv']);
    const second = await report(
      clock,
      emulator,
      out,
      [uuid(1), uuid(2), uuid(3)],
      ['--resume', '--name', 'r'],
    );
    expect(second.code).toBe(0);
    expect(second.asked).toEqual([uuid(2)]);
    expect([...(await csvErrors(join(out, 'r.csv'))).values()]).toEqual(['', '', '']);
    expect(await listOut(out)).toEqual(['r.csv']);
  });

  it('--resume without --name continues the newest checkpoint in --out, and says which', async () => {
    const { clock, emulator } = await start([task(1), task(2)]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const path = join(out, 'nclue-tasks-2026-11-01.checkpoint.jsonl');
    await writeFile(path, `${JSON.stringify({ task_id: uuid(1), task: task(1) })}\n`);
    const result = await report(clock, emulator, out, [uuid(1), uuid(2)], ['--resume']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`continuing ${path}, the newest checkpoint in ${out}`);
    expect(result.asked).toEqual([uuid(2)]);
    expect(await listOut(out)).toEqual(['nclue-tasks-2026-11-01.csv']);
  });

  it('a new run stops at an existing checkpoint (exit 2) until told --resume or --fresh', async () => {
    const { clock, emulator } = await start([task(1), task(2)]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const path = join(out, 'r.checkpoint.jsonl');
    const kept = `${JSON.stringify({ task_id: uuid(1), task: task(1) })}\n`;
    await writeFile(path, kept);
    const refused = await report(clock, emulator, out, [uuid(1), uuid(2)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--resume to continue it, --fresh to discard it');
    expect(refused.asked).toEqual([]);
    expect(await readFile(path, 'utf8')).toBe(kept);
    const plan = await report(clock, emulator, out, [uuid(1), uuid(2)], ['--dry-run']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      'the run would stop there (exit 2); --resume to continue it, --fresh to discard it',
    );
    const fresh = await report(clock, emulator, out, [uuid(1), uuid(2)], ['--fresh']);
    expect(fresh.code).toBe(0);
    expect(fresh.asked.sort()).toEqual([uuid(1), uuid(2)]);
    const both = await report(clock, emulator, out, [uuid(1)], ['--fresh', '--resume']);
    expect(both.code).toBe(2);
  });

  it('a second run on the same --out/--name exits 2 naming the pid of the first; a dead one is taken over', async () => {
    const { clock, emulator } = await start([task(1)]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      // A lock names its run's process by pid and start (a pid alone could be another process).
      await writeFile(join(out, 'r.lock'), `${holder.pid} ${readProcessStart(holder.pid ?? 0) ?? '-'} 01\n`);
      const refused = await report(clock, emulator, out, [uuid(1)]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`pid ${holder.pid}`);
      expect(refused.asked).toEqual([]);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.on('close', resolve));
    }
    const taken = await report(clock, emulator, out, [uuid(1)]);
    expect(taken.code).toBe(0);
    expect(await listOut(out)).toEqual(['r.csv']);
  });

  it('a lock naming a live process that is not a run (echo 1 > out/r.lock) is taken over', async () => {
    if (readProcessStart(1) === null) return expect(process.platform).not.toBe('linux');
    const { clock, emulator } = await start([task(1)]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    await writeFile(join(out, 'r.lock'), '1\n');
    const taken = await report(clock, emulator, out, [uuid(1)]);
    expect(taken.code).toBe(0);
    expect(await listOut(out)).toEqual(['r.csv']);
  });

  it('two CLI processes at once: the second exits 2 naming the first', async () => {
    const emulator = await createEmulator({
      tasks: [task(1)],
      credentials: { accessKey: ACCESS, secretKey: SECRET },
      latencyMs: 3000,
    });
    try {
      const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
      const args = [uuid(1), '--endpoint', emulator.url, '--out', out, '--name', 'r', '--format', 'csv'];
      const first = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: '/nonexistent', ...ENV },
        stdio: 'ignore',
      });
      const firstDone = new Promise<number | null>((resolve) => first.on('close', resolve));
      const started = Date.now();
      while (emulator.stats.requests === 0 && Date.now() - started < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const second = await spawnCli(args, ENV);
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(`another run (pid ${first.pid})`);
      expect(await firstDone).toBe(0);
      expect(await listOut(out)).toEqual(['r.csv']);
    } finally {
      await emulator.close();
    }
  });

  it('a report that cannot be written exits 6 naming what was and was not written; --resume writes it with no request', async () => {
    const { clock, emulator } = await start([task(1), task(2)]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    await mkdir(join(out, 'r.xlsx'));
    await writeFile(join(out, 'r.xlsx', 'in the way'), '');
    const args = [uuid(1), uuid(2)];
    const first = await report(clock, emulator, out, args, ['--format', 'csv,xlsx']);
    expect(first.code).toBe(6);
    expect(first.stderr).toContain(`wrote ${join(out, 'r.csv')} (2 rows)`);
    expect(first.stderr).toMatch(
      new RegExp(`not written: ${join(out, 'r.xlsx').replace(/[.]/g, '\\.')} \\(E[A-Z]+`),
    );
    expect(first.stderr).toContain('exit code 6');
    expect(first.stderr).not.toContain('internal error');
    expect(await readdir(out)).toContain('r.checkpoint.jsonl');
    await rm(join(out, 'r.xlsx'), { recursive: true });
    const second = await report(clock, emulator, out, args, [
      '--format',
      'csv,xlsx',
      '--resume',
      '--name',
      'r',
    ]);
    expect(second.code).toBe(0);
    expect(second.asked).toEqual([]);
    expect(await listOut(out)).toEqual(['r.csv', 'r.xlsx']);
  });

  it('--resume validates checkpoint records: one whose task_id differs from its key is fetched again', async () => {
    const { clock, emulator } = await start([task(1), task(2)]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const lines = [
      { task_id: uuid(1), task: { ...task(2), task_name: 'an impostor' } },
      { task_id: uuid(2), task: task(2) },
    ];
    await writeFile(join(out, 'r.checkpoint.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const result = await report(clock, emulator, out, [uuid(1), uuid(2)], ['--resume', '--name', 'r']);
    expect(result.code).toBe(0);
    expect(result.asked).toEqual([uuid(1)]);
    expect(result.stderr).toContain('1 records of');
    const csv = await readFile(join(out, 'r.csv'), 'utf8');
    expect(csv).not.toContain('an impostor');
    expect(csv).toContain('task 1');
  });
});

describe('symbolic links in --out', () => {
  it('a checkpoint path that is a symbolic link is refused (exit 2) and its target left alone', async () => {
    const { clock, emulator } = await start([task(1)]);
    const out = await mkdtemp(join(tmpdir(), 'nclue-hard-'));
    const target = join(await mkdtemp(join(tmpdir(), 'nclue-target-')), 'precious');
    await writeFile(target, 'precious data');
    await symlink(target, join(out, 'r.checkpoint.jsonl'));
    // The probe file of the output folder once had a name anyone could predict from the pid.
    await symlink(target, join(out, `.nclue-report-probe-${process.pid}`));
    for (const flags of [[], ['--fresh'], ['--resume', '--name', 'r']]) {
      const result = await report(clock, emulator, out, [uuid(1)], flags);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('symbolic link');
      expect(result.asked).toEqual([]);
    }
    expect(await readFile(target, 'utf8')).toBe('precious data');
  });
});
