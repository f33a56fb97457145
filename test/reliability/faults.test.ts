/**
 * Issue: survive every fault the API and the network can throw. Each test injects one fault through
 * the emulator and runs the CLI in-process with a virtual clock shared with the emulator, so backoff
 * and Retry-After cost no real seconds.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../src/client/clock.js';
import { createEmulator, type Emulator, type FaultStep } from '../../src/emulator/index.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { runInProcess } from '../support/in-process.js';

const ACCESS = 'AK-FAULTS';
const SECRET = 'faults-secret-9f8e7d';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };
const START = Date.UTC(2026, 10, 29, 3, 0, 0);

function uuid(n: number): string {
  return `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function task(n: number): Record<string, unknown> {
  return {
    task_id: uuid(n),
    task_name: `모델 ${n}`,
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
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(
  faults: Record<string, FaultStep[]>,
  extra: { clockOffsetMs?: number; rps?: number } = {},
) {
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

async function run(clock: FakeClock, url: string, ids: string[], flags: string[] = []) {
  const out = await mkdtemp(join(tmpdir(), 'nclue-faults-'));
  const result = await runInProcess(
    [
      ...ids,
      '--endpoint',
      url,
      '--out',
      out,
      '--name',
      'r',
      '--format',
      'csv',
      '--strategy',
      'get',
      ...flags,
    ],
    {
      env: ENV,
      clock,
    },
  );
  const files = await readdir(out);
  const rows = files.includes('r.csv')
    ? parseCsv(await readFile(join(out, 'r.csv'), 'utf8'), 'r.csv').map((r) => r.fields)
    : [];
  const col = (name: (typeof REPORT_COLUMNS)[number]) => REPORT_COLUMNS.indexOf(name);
  const errors = new Map(rows.slice(1).map((r) => [r[0], r[col('fetch_error')]]));
  return { ...result, out, files, rows, errors };
}

function requestsFor(em: Emulator, id: string) {
  return em.stats.log.filter((l) => l.taskId === id);
}

describe('faults from the API and the network', () => {
  it('--timeout bounds each attempt; a slow attempt is retried', async () => {
    const { clock, emulator: em } = await start({ [uuid(1)]: [{ delayMs: 3000 }] });
    const r = await run(clock, em.url, [uuid(1)], ['--timeout', '150']);
    expect(r.code).toBe(0);
    expect(requestsFor(em, uuid(1))).toHaveLength(2);
  });

  it('a task that times out on every attempt gives up naming the cause and the attempts', async () => {
    const { clock, emulator: em } = await start({
      [uuid(1)]: [{ delayMs: 2000 }, { delayMs: 2000 }, { delayMs: 2000 }],
    });
    const r = await run(clock, em.url, [uuid(1), uuid(2)], ['--timeout', '100', '--retries', '2']);
    expect(r.code).toBe(3);
    expect(r.errors.get(uuid(1))).toBe('gave up after 3 attempts: timed out');
    expect(r.errors.get(uuid(2))).toBe('');
  });

  it.each([
    ['HTTP 429', { status: 429 }],
    ['HTTP 500', { status: 500 }],
    ['HTTP 502', { status: 502 }],
    ['HTTP 503', { status: 503 }],
    ['HTTP 504', { status: 504 }],
    ['a connection reset', { reset: true }],
    ['a truncated body', { truncate: true }],
    ['an unparsable 200 body', { body: '{"task_id": "a0000000-' }],
  ] as Array<[string, FaultStep]>)('retries %s and gets the task', async (_name, step) => {
    const { clock, emulator: em } = await start({ [uuid(3)]: [step, step] });
    const r = await run(clock, em.url, [uuid(3)]);
    expect(r.code).toBe(0);
    expect(r.errors.get(uuid(3))).toBe('');
    expect(requestsFor(em, uuid(3))).toHaveLength(3);
  });

  it('honours Retry-After as the minimum wait and holds back every other request', async () => {
    const { clock, emulator: em } = await start({ [uuid(1)]: [{ status: 429, retryAfter: '45' }] });
    const ids = [uuid(0), uuid(1), uuid(2), uuid(3), uuid(4)];
    const r = await run(clock, em.url, ids, ['--concurrency', '4', '--rps', '1']);
    expect(r.code).toBe(0);
    const throttled = em.stats.log.find((l) => l.status === 429)!;
    const after = em.stats.log.filter((l) => l.at > throttled.at);
    expect(after.length).toBeGreaterThan(0);
    for (const l of after) expect(l.at - throttled.at).toBeGreaterThanOrEqual(45_000);
    const retried = requestsFor(em, uuid(1));
    expect(retried[1]!.at - retried[0]!.at).toBeGreaterThanOrEqual(45_000);
  });

  it('accepts Retry-After as an HTTP date', async () => {
    const { clock, emulator: em } = await start({});
    const when = new Date(START + 20_000).toUTCString();
    em.setTasks(TASKS);
    const faults: Record<string, FaultStep[]> = { [uuid(1)]: [{ status: 503, retryAfter: when }] };
    await em.close();
    emulator = await createEmulator({
      tasks: TASKS,
      credentials: { accessKey: ACCESS, secretKey: SECRET },
      faults,
      now: () => clock.now(),
    });
    const r = await run(clock, emulator.url, [uuid(1)]);
    expect(r.code).toBe(0);
    const [first, second] = requestsFor(emulator, uuid(1));
    expect(second!.at).toBeGreaterThanOrEqual(START + 20_000 - 1000);
    expect(second!.at - first!.at).toBeGreaterThan(10_000);
  });

  it('gives up after its retries with "gave up after 5 attempts: HTTP 503" and the run goes on', async () => {
    const always503 = Array.from({ length: 5 }, () => ({ status: 503 }));
    const { clock, emulator: em } = await start({ [uuid(5)]: always503 });
    const r = await run(clock, em.url, [uuid(4), uuid(5), uuid(6)]);
    expect(r.code).toBe(3);
    expect(r.errors.get(uuid(5))).toMatch(/^gave up after 5 attempts: HTTP 503/);
    expect(r.errors.get(uuid(4))).toBe('');
    expect(r.errors.get(uuid(6))).toBe('');
  });

  it('never retries a 400-class answer other than 429', async () => {
    const { clock, emulator: em } = await start({
      [uuid(2)]: [{ status: 422, body: '{"error":{"errorCode":"10101","message":"NAME_TOO_LONG"}}' }],
    });
    const r = await run(clock, em.url, [uuid(2)]);
    expect(r.code).toBe(3);
    expect(r.errors.get(uuid(2))).toContain('HTTP 422');
    expect(requestsFor(em, uuid(2))).toHaveLength(1);
  });

  it('401: stops at once, exit 4, names the gateway errorCode and what to check, writes no report', async () => {
    const { clock, emulator: em } = await start({ [uuid(2)]: [{ status: 401 }] });
    const ids = [uuid(1), uuid(2), uuid(3), uuid(4), uuid(5)];
    const r = await run(clock, em.url, ids, ['--concurrency', '1']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('HTTP 401, errorCode 200 "Authentication Failed"');
    expect(r.stderr).toContain('NCLOUD_SECRET_KEY');
    expect(em.stats.requests).toBe(2);
    // No report; the one task fetched before the 401 stays in the checkpoint for --resume.
    expect(r.files).toEqual(['r.checkpoint.jsonl']);
    expect(r.stderr).toContain('rerun with --resume');
  });

  it('403: exit 4 with the permission hint', async () => {
    const { clock, emulator: em } = await start({ [uuid(1)]: [{ status: 403 }] });
    const r = await run(clock, em.url, [uuid(1), uuid(2)], ['--concurrency', '1']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('HTTP 403');
    expect(r.stderr).toMatch(/permission/i);
  });

  it('a local clock 10 minutes off is corrected from the Date header, once', async () => {
    const { clock, emulator: em } = await start({}, { clockOffsetMs: 10 * 60_000 });
    const r = await run(clock, em.url, [uuid(1), uuid(2), uuid(3)], ['--verbose', '--concurrency', '1']);
    expect(r.code).toBe(0);
    expect(em.stats.byStatus[401]).toBe(1);
    expect(r.stderr).toMatch(/local clock is 600 s off/);
  });

  it.each([
    [
      'a JSON array',
      '[{"task_id":"a0000000-0000-4000-8000-000000000001"}]',
      'invalid response: body is not a JSON object',
    ],
    ['another task', JSON.stringify(task(9)), 'differs from the requested one'],
  ])('a 200 with %s is an error for that row, never a wrong row', async (_name, body, message) => {
    const { clock, emulator: em } = await start({ [uuid(1)]: [{ body }] });
    const r = await run(clock, em.url, [uuid(1), uuid(2)]);
    expect(r.code).toBe(3);
    expect(r.errors.get(uuid(1))).toContain(message);
    const nameCol = REPORT_COLUMNS.indexOf('task_name');
    expect(r.rows.find((row) => row[0] === uuid(1))?.[nameCol]).toBe('');
  });

  it('requests already signed with the old clock are signed again, not failed', async () => {
    const { clock, emulator: em } = await start({}, { clockOffsetMs: -7 * 60_000 });
    const r = await run(clock, em.url, [uuid(1), uuid(2), uuid(3), uuid(4)], ['--concurrency', '4']);
    expect(r.code).toBe(0);
  });

  it('keeps the secret out of everything, also with --verbose and on failure', async () => {
    const { clock, emulator: em } = await start({
      [uuid(1)]: [{ status: 503 }],
      [uuid(2)]: [{ status: 401 }],
    });
    const ok = await run(clock, em.url, [uuid(1), uuid(3)], ['--verbose']);
    expect(ok.stderr).toContain('GET /api/v1/tasks/');
    const failed = await run(clock, em.url, [uuid(2)], ['--verbose']);
    for (const r of [ok, failed]) {
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      for (const f of r.files) expect(await readFile(join(r.out, f), 'utf8')).not.toContain(SECRET);
    }
  });
});
