/**
 * Bad input: every requested ID ends up in the report exactly once, with its reason; bad files and
 * flags are refused (exit 2) before anything is sent.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { removeTraceId } from '../../src/client/error-body.js';
import { createEmulator, type Emulator, type FaultStep } from '../../src/emulator/index.js';
import { parseCsv } from '../../src/input/parse-csv.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { runInProcess } from '../support/in-process.js';

const ACCESS = 'AK-INPUT';
const SECRET = 'input-secret-31337';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };

function uuid(n: number): string {
  return `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const KNOWN = 600;
const TASKS = Array.from({ length: KNOWN }, (_, n) => ({
  task_id: uuid(n),
  task_name: `t${n}`,
  status: 'completed',
  AUROC: String(n / KNOWN),
}));
const GIVE_UP = Array.from({ length: 40 }, (_, i) => uuid(i * 7));
const faults: Record<string, FaultStep[]> = Object.fromEntries(
  GIVE_UP.map((id) => [id, Array.from({ length: 3 }, () => ({ status: 503 }))]),
);

let emulator: Emulator;
const clock = createFakeClock(Date.UTC(2026, 10, 29));
let dir: string;

beforeAll(async () => {
  emulator = await createEmulator({
    tasks: TASKS,
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    faults,
    now: () => clock.now(),
  });
  dir = await mkdtemp(join(tmpdir(), 'nclue-input-'));
});
afterAll(async () => {
  await emulator.close();
});

describe('every requested ID appears exactly once', () => {
  it('a 1,000-line ID file mixing valid, unknown, invalid, duplicate, gave-up and interrupted IDs', async () => {
    const lines: string[] = ['# monthly list'];
    const expected = new Map<string, string>();
    for (let n = 0; n < 700; n++) {
      const id = n < KNOWN ? uuid(n) : uuid(100_000 + n);
      lines.push(n % 50 === 0 ? `  ${id.toUpperCase()}  ` : id);
      const reported = n % 50 === 0 ? id.toUpperCase() : id;
      expected.set(
        reported,
        n >= KNOWN
          ? 'not found (HTTP 404)'
          : GIVE_UP.includes(id)
            ? 'gave up after 3 attempts: HTTP 503'
            : '',
      );
      // Fetched rows have an empty fetch_error; '' is a prefix of every reason, so compare exactly below.
    }
    const invalid = [
      '../../etc/passwd',
      'abc',
      'c0000000-0000-4000-8000-00000000000g',
      'c0000000 0000 4000 8000 000000000001',
      'x?y=1',
      '%2e%2e%2f',
      ';DROP TABLE',
    ];
    for (let i = 0; i < 100; i++) {
      const bad = `${invalid[i % invalid.length]}-${i}`;
      lines.push(bad);
      expected.set(bad, 'invalid task id');
    }
    for (let i = 0; i < 150; i++) lines.push(uuid(i * 3));
    lines.push('', '# end', '');
    while (lines.length < 1000) lines.push(uuid(lines.length % KNOWN));
    const file = join(dir, 'ids.txt');
    await writeFile(file, '\uFEFF' + lines.join('\r\n'));

    // Interrupt once 400 requests were served: the IDs not fetched by then must say "interrupted".
    const stop = new AbortController();
    const cancel = new AbortController();
    const watcher = setInterval(() => {
      if (emulator.stats.requests >= 400) stop.abort(new Error('SIGINT'));
    }, 5);
    const out = join(dir, 'out');
    let r;
    try {
      r = await runInProcess(
        [
          '--ids',
          file,
          '--endpoint',
          emulator.url,
          '--out',
          out,
          '--name',
          'r',
          '--retries',
          '2',
          '--rps',
          '1000',
          '--strategy',
          'get',
        ],
        {
          env: ENV,
          clock,
          interrupt: {
            stop: stop.signal,
            cancel: cancel.signal,
            signal: () => (stop.signal.aborted ? 'SIGINT' : null),
          },
        },
      );
    } finally {
      clearInterval(watcher);
    }
    expect(r.code).toBe(130);
    const rows = parseCsv(await readFile(join(out, 'r.csv'), 'utf8'), 'r.csv')
      .map((x) => x.fields)
      .slice(1);
    const ids = rows.map((x) => x[0]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...expected.keys()]);
    const errorCol = REPORT_COLUMNS.indexOf('fetch_error');
    const reasons = new Map<string, number>();
    for (const row of rows) {
      const got = row[errorCol]!;
      const want = expected.get(row[0]!)!;
      if (got !== 'interrupted' || want === 'invalid task id') {
        expect(want === '' ? got === '' : got.startsWith(want), `${row[0]}: ${got}`).toBe(true);
      }
      // One reason per cause: without the trace ID of its last answer.
      const kind = got === '' ? 'fetched' : removeTraceId(got).replace(/,.*$/, '');
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(reasons)).toMatchObject({
      fetched: expect.any(Number),
      interrupted: expect.any(Number),
      'invalid task id': 100,
      'gave up after 3 attempts: HTTP 503': expect.any(Number),
    });
    expect(
      emulator.stats.log.some((l) => /passwd|%2e|DROP|\?y=|\s/.test(l.path.replace('/api/v1/tasks/', ''))),
    ).toBe(false);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'r.xlsx'));
    expect(workbook.getWorksheet('Tasks')!.rowCount).toBe(expected.size + 1);
  });

  it('rows for IDs never fetched because of an interruption say "interrupted"', async () => {
    const stop = new AbortController();
    const cancel = new AbortController();
    stop.abort(new Error('SIGINT'));
    const out = join(dir, 'int');
    const r = await runInProcess(
      [uuid(1), uuid(2), 'bad', '--endpoint', emulator.url, '--out', out, '--name', 'r', '--format', 'csv'],
      {
        env: ENV,
        clock,
        interrupt: { stop: stop.signal, cancel: cancel.signal, signal: () => 'SIGINT' },
      },
    );
    expect(r.code).toBe(130);
    const rows = parseCsv(await readFile(join(out, 'r.csv'), 'utf8'), 'r.csv')
      .map((x) => x.fields)
      .slice(1);
    const errorCol = REPORT_COLUMNS.indexOf('fetch_error');
    expect(rows.map((x) => [x[0], x[errorCol]])).toEqual([
      [uuid(1), 'interrupted'],
      [uuid(2), 'interrupted'],
      ['bad', 'invalid task id'],
    ]);
  });
});

describe('clear errors (exit 2) and nothing sent', () => {
  const cases: Array<[string, () => Promise<string[]>, RegExp]> = [
    ['a missing ID file', async () => ['--ids', join(dir, 'missing.txt')], /does not exist/],
    ['an ID file that is a directory', async () => ['--ids', dir], /is a directory/],
    [
      'an empty ID file',
      async () => {
        const f = join(dir, 'empty.txt');
        await writeFile(f, '');
        return ['--ids', f];
      },
      /no task IDs/,
    ],
    [
      'a binary ID file',
      async () => {
        const f = join(dir, 'b.bin');
        await writeFile(f, Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0]));
        return ['--ids', f];
      },
      /binary/,
    ],
    [
      'an ID file not in UTF-8',
      async () => {
        const f = join(dir, 'k.txt');
        await writeFile(f, Buffer.from([0xc7, 0xd1, 0xb1, 0xdb, 0x0a]));
        return ['--ids', f];
      },
      /UTF-8/,
    ],
    [
      'an output folder that cannot be written',
      async () => {
        const f = join(dir, 'a-file');
        await writeFile(f, 'x');
        return [uuid(1), '--out', join(f, 'sub')];
      },
      /output folder|--out/,
    ],
    ['an unknown --format', async () => [uuid(1), '--format', 'csv,docx'], /unknown --format "docx"/],
    [
      '--rps that is not a positive number',
      async () => [uuid(1), '--rps', '-1'],
      /--rps must be a positive number/,
    ],
    ['--concurrency 0', async () => [uuid(1), '--concurrency', '0'], /--concurrency/],
    ['--timeout abc', async () => [uuid(1), '--timeout', 'abc'], /--timeout/],
    ['--retries -1', async () => [uuid(1), '--retries', '-1'], /--retries/],
    ['an endpoint that is not a URL', async () => [uuid(1), '--endpoint', 'nclue dot com'], /not a URL/],
    [
      'a plain http endpoint off loopback',
      async () => [uuid(1), '--endpoint', 'http://nclue.apigw.ntruss.com/api/v1'],
      /refusing plain http/,
    ],
  ];
  it.each(cases)('%s', async (_name, make, message) => {
    const args = await make();
    const before = emulator.stats.requests;
    const hasEndpoint = args.includes('--endpoint');
    const r = await runInProcess(
      [
        ...args,
        ...(hasEndpoint ? [] : ['--endpoint', emulator.url]),
        ...(args.includes('--out') ? [] : ['--out', join(dir, 'never')]),
      ],
      { env: ENV, clock },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(emulator.stats.requests).toBe(before);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('writes nothing into --out on a usage error', async () => {
    const out = join(dir, 'clean');
    await mkdir(out);
    await runInProcess([uuid(1), '--out', out, '--rps', '0', '--endpoint', emulator.url], {
      env: ENV,
      clock,
    });
    expect(await readdir(out)).toEqual([]);
  });
});
