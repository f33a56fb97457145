/**
 * Faithful to the real NCLUE API (docs/api.md): each gateway error code takes its own path through a
 * whole run, failed answers keep their trace IDs, list items may lack fields, `total` may count the
 * page, and a hostile list endpoint cannot make a run list for ever. The CLI runs in-process with a
 * virtual clock shared with the emulator, so backoff and Retry-After cost no real seconds.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../src/client/clock.js';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type FaultStep,
} from '../../src/emulator/index.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { runInProcess } from '../support/in-process.js';

const ACCESS = 'AK-GATEWAY';
const SECRET = 'gateway-secret-5b4a';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };
const START = Date.UTC(2026, 11, 1, 3, 0, 0);

function uuid(n: number): string {
  return `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function task(n: number): Record<string, unknown> {
  return {
    task_id: uuid(n),
    task_name: `model ${n}`,
    status: 'completed',
    created_at: '2026-11-01T10:00:00',
    completed_at: '2026-11-01T10:05:00',
    AUROC: String(0.5 + n / 1000),
    line_count: 100 + n,
    disk_usage: 1024 * n,
    fail_message: null,
  };
}

const TASKS = Array.from({ length: 20 }, (_, i) => task(i));

let emulator: Emulator | undefined;
let server: Server | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  }
});

async function start(faults: Record<string, FaultStep[]>, extra: Partial<EmulatorOptions> = {}) {
  const clock = createFakeClock(START);
  emulator = await createEmulator({
    tasks: TASKS,
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    faults,
    now: () => clock.now(),
    ...extra,
  });
  return { clock, emulator };
}

async function run(clock: FakeClock, url: string, args: string[]) {
  const out = await mkdtemp(join(tmpdir(), 'nclue-gateway-'));
  const result = await runInProcess(
    [...args, '--endpoint', url, '--out', out, '--name', 'r', '--format', 'csv,json', '--rps', '10'],
    { env: ENV, clock },
  );
  const files = (await readdir(out)).sort();
  const rows = files.includes('r.csv')
    ? parseCsv(await readFile(join(out, 'r.csv'), 'utf8')).map((r) => r.fields)
    : [];
  const col = (name: (typeof REPORT_COLUMNS)[number]) => REPORT_COLUMNS.indexOf(name);
  const errors = new Map(rows.slice(1).map((r) => [r[0], r[col('fetch_error')]]));
  const aurocs = new Map(rows.slice(1).map((r) => [r[0], r[col('auroc')]]));
  return { ...result, out, files, rows, errors, aurocs };
}

const ids = (...n: number[]): string[] => n.map(uuid);

describe('each gateway error code through a whole run (docs/api.md, "Errors")', () => {
  it.each([
    ['210', 'Permission Denied'],
    ['10100', 'ACCESS_DENIED'],
  ])(
    '401 with errorCode %s: exit 4 with the permission hint, not the keys one; no report',
    async (code, message) => {
      const { clock, emulator: em } = await start({ [uuid(2)]: [{ errorCode: code }] });
      const r = await run(clock, em.url, [...ids(1, 2, 3), '--strategy', 'get', '--concurrency', '1']);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(
        new RegExp(
          `permission denied \\(HTTP 401, errorCode ${code} "${message}"\\) \\(trace [0-9a-f]{32}\\)`,
        ),
      );
      expect(r.stderr).toContain('may not use NCLUE');
      expect(r.stderr).not.toContain('check NCLOUD');
      expect(em.stats.requests).toBe(2);
      expect(r.files).toEqual(['r.checkpoint.jsonl']);
    },
  );

  it('401 with errorCode 200: exit 4 naming the variables the keys came from', async () => {
    const { clock, emulator: em } = await start({ [uuid(1)]: [{ errorCode: '200' }] });
    const r = await run(clock, em.url, [...ids(1), '--strategy', 'get']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('credentials rejected (HTTP 401, errorCode 200 "Authentication Failed")');
    expect(r.stderr).toContain('check NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY');
  });

  it('429 with errorCode 400 (Quota Exceeded): no retry, nothing more sent, reports of what was fetched, exit 4', async () => {
    const { clock, emulator: em } = await start({ [uuid(3)]: [{ errorCode: '400', retryAfter: '1' }] });
    const r = await run(clock, em.url, [...ids(1, 2, 3, 4, 5), '--strategy', 'get', '--concurrency', '1']);
    expect(r.code).toBe(4);
    // Three requests: the third found the quota spent, and nothing was sent after it.
    expect(em.stats.requests).toBe(3);
    expect(r.stderr).toMatch(
      /error: quota exceeded \(HTTP 429, errorCode 400 "Quota Exceeded"\) \(trace [0-9a-f]{32}\)/,
    );
    expect(r.stderr).toContain('0 retries');
    expect(r.stderr).toContain('exit code 4: the API quota is spent');
    expect(r.files).toEqual(expect.arrayContaining(['r.checkpoint.jsonl', 'r.csv', 'r.json']));
    expect(r.errors.get(uuid(1))).toBe('');
    expect(r.errors.get(uuid(2))).toBe('');
    for (const n of [3, 4, 5]) expect(r.errors.get(uuid(n))).toBe('interrupted');
    expect(r.stderr).toContain('once the quota allows, --resume fetches only the rest');
  });

  it('--all: a quota spent while listing writes what was listed and exits 4', async () => {
    const { clock, emulator: em } = await start({ list: [{ errorCode: 400 }] });
    const r = await run(clock, em.url, ['--all']);
    expect(r.code).toBe(4);
    expect(em.stats.requests).toBe(1);
    expect(r.files).toContain('r.csv');
    expect(r.stderr).toContain('listing stopped by the spent quota after 0 tasks');
  });

  it.each([
    ['410', { retryAfter: '5' }],
    ['420', { retryAfter: '5' }],
    ['410', {}],
    ['420', { headers: { 'Content-Type': 'text/plain' } }],
  ] as const)('429 with errorCode %s (%j): a paced retry, then success', async (code, more) => {
    const { clock, emulator: em } = await start({ [uuid(1)]: [{ errorCode: code, ...more }] });
    const r = await run(clock, em.url, [...ids(1, 2), '--strategy', 'get', '--concurrency', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 retry, 1 throttled');
    const [first, second] = em.stats.log.filter((l) => l.taskId === uuid(1));
    expect(second!.at - first!.at).toBeGreaterThanOrEqual('retryAfter' in more ? 5000 : 100);
  });

  it.each(['500', '510', '900'])('errorCode %s is transient: retried, then success', async (code) => {
    const { clock, emulator: em } = await start({ [uuid(1)]: [{ errorCode: code }] });
    const r = await run(clock, em.url, [...ids(1), '--strategy', 'get']);
    expect(r.code).toBe(0);
    expect(em.stats.log.filter((l) => l.taskId === uuid(1))).toHaveLength(2);
  });

  it.each(['100', '300', '430'])("errorCode %s is that task's fetch_error, not retried", async (code) => {
    const { clock, emulator: em } = await start({ [uuid(1)]: [{ errorCode: code }] });
    const r = await run(clock, em.url, [...ids(1, 2), '--strategy', 'get']);
    expect(r.code).toBe(3);
    expect(r.errors.get(uuid(1))).toMatch(/\(trace [0-9a-f]{32}\)$/);
    expect(em.stats.log.filter((l) => l.taskId === uuid(1))).toHaveLength(1);
  });
});

describe('trace IDs of failed answers (docs/api.md, "Trace IDs")', () => {
  it('are kept in fetch_error, in --verbose lines, and counted as one reason in the closing lines', async () => {
    const { clock, emulator: em } = await start({ [uuid(1)]: [{ status: 503 }] });
    const r = await run(clock, em.url, [...ids(1, 900, 901), '--strategy', 'get', '--verbose']);
    expect(r.code).toBe(3);
    const traced = /^not found \(HTTP 404\) \(trace ([0-9a-f]{32})\)$/;
    expect(r.errors.get(uuid(900))).toMatch(traced);
    expect(r.errors.get(uuid(901))).toMatch(traced);
    expect(r.errors.get(uuid(900))).not.toBe(r.errors.get(uuid(901)));
    const json = JSON.parse(await readFile(join(r.out, 'r.json'), 'utf8')) as {
      rows: Array<{ task_id: string; fetch_error: string | null }>;
    };
    expect(json.rows.find((t) => t.task_id === uuid(900))?.fetch_error).toMatch(traced);
    expect(r.stderr).toMatch(
      /retry \/api\/v1\/tasks\/\S+ after HTTP 503, errorCode 500 "Endpoint Error" \(trace [0-9a-f]{32}\)/,
    );
    expect(r.stderr).toMatch(/task \S+: not found \(HTTP 404\) \(trace [0-9a-f]{32}\)/);
    expect(r.stderr).toContain('fetch errors: 2x not found (HTTP 404)\n');
  });
});

describe('list items lacking fields (docs/api.md, "Listing")', () => {
  it('--all fetches each listed task lacking AUROC by GET, and the closing lines count them', async () => {
    const { clock, emulator: em } = await start({}, { listOmit: ['AUROC'] });
    const r = await run(clock, em.url, ['--all']);
    expect(r.code).toBe(0);
    expect(em.stats.requests).toBe(1 + 20);
    expect(r.aurocs.get(uuid(7))).toBe('0.507');
    expect(r.stderr).toContain('20 listed tasks lacked AUROC: fetched one by one');
  });

  it('--dry-run says what listing costs beyond its pages', async () => {
    const { clock, emulator: em } = await start({});
    const r = await run(clock, em.url, [...ids(1, 2, 3), '--dry-run', '--max-tasks', '5000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'a listed task whose AUROC, line_count, disk_usage or fail_message is absent costs one GET more',
    );
    expect(r.stdout).toContain('a listing past --max-tasks 5,000 tasks stops the run (exit 1)');
    expect(em.stats.requests).toBe(0);
  });
});

describe('total counting the page (docs/api.md, "Listing")', () => {
  it.each(['offset', 'page'] as const)(
    '--all with index as %s lists every task of 250',
    async (pagination) => {
      const clock = createFakeClock(START);
      const tasks = Array.from({ length: 250 }, (_, i) => task(i));
      emulator = await createEmulator({
        tasks,
        credentials: { accessKey: ACCESS, secretKey: SECRET },
        now: () => clock.now(),
        total: 'page',
        pagination,
      });
      const r = await run(clock, emulator.url, ['--all']);
      expect(r.code).toBe(0);
      expect(r.rows).toHaveLength(251);
      expect(r.stderr).not.toMatch(/stopped before its end|stopped short/);
    },
  );
});

/** A list endpoint that ignores signatures and answers every list request with `page(index)`. */
async function startHostile(page: (index: number) => unknown): Promise<string> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body =
      url.search === ''
        ? { task_id: url.pathname.split('/').pop(), AUROC: 0.5 }
        : page(Number(url.searchParams.get('index')));
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
}

const minimal = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    task_id: uuid(from + i),
    AUROC: null,
    line_count: null,
    disk_usage: null,
    fail_message: null,
  }));

/** Tasks with nothing but an ID: about 50 bytes each, so 200,000 fit in a page under 16 MiB. */
const bare = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ task_id: uuid(from + i) }));

describe('a hostile list endpoint (issue 21: items 2 and 11)', () => {
  it('--all against a server that claims 1e9 tasks and repeats one page: exit 1, no report', async () => {
    const url = await startHostile(() => ({ total: 1e9, tasks: minimal(0, 100) }));
    const r = await run(createFakeClock(START), url, ['--all']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('listing the account is incomplete');
    expect(r.stderr).not.toContain('every requested task was fetched');
    expect(r.files).toEqual([]);
  });

  it('pages of 200,000 tasks each are cut to `limit` with one warning, and the listing stops at --max-tasks: exit 1', async () => {
    let requests = 0;
    const url = await startHostile((index) => {
      requests++;
      return { total: 1e9, tasks: bare(index * 1_000_000, 200_000) };
    });
    const r = await run(createFakeClock(START), url, ['--all', '--max-tasks', '1000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('listing exceeded --max-tasks 1000');
    expect(r.stderr.match(/more than the limit/g)).toHaveLength(1);
    expect(requests).toBeLessThanOrEqual(Math.ceil(1000 / 100) + 2 + 8);
    expect(r.files).toEqual([]);
  });

  it('an ID listed twice is counted once: exit 0 and no "stopped" warning', async () => {
    const tasks = Array.from({ length: 150 }, (_, i) => task(i));
    tasks[120] = { ...tasks[5]! };
    const url = await startHostile((index) => ({
      total: 150,
      tasks: tasks.slice(index * 100, index * 100 + 100),
    }));
    const r = await run(createFakeClock(START), url, ['--all']);
    expect(r.code).toBe(0);
    expect(r.rows).toHaveLength(150);
    expect(r.stderr).toContain('(1 duplicate ID counted once)');
    expect(r.stderr).not.toContain('warning: listed');
  });
});
