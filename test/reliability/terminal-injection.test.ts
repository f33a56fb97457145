/**
 * Terminal escape injection: no text a server sends may act on the terminal that shows a run. Every
 * path that prints server text (the "by status:" line, the 401/403
 * gateway message, fetch errors, --verbose retry causes, warnings about task fields) runs here with
 * hostile values; stderr must show them escaped, each at most 200 characters.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { runInProcess } from '../support/in-process.js';

const ACCESS = 'AK-TERMINAL';
const SECRET = 'terminal-secret-8d7c6b';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };
const START = Date.UTC(2026, 10, 29, 3, 0, 0);

/** What a hostile server would send: retitle the terminal, clear it, forge a line of our own. */
const HOSTILE = [
  '\u001b]0;owned\u0007',
  '\u001b[2J\u001b[H',
  '\r\nerror: FAKE LINE',
  '\u009b31m',
  '\u202eevil',
  'x'.repeat(5000),
];
const PAYLOAD = HOSTILE.join('');

function uuid(n: number): string {
  return `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function runAgainst(options: Partial<EmulatorOptions>, ids: string[], flags: string[] = []) {
  const clock = createFakeClock(START);
  emulator = await createEmulator({
    tasks: [],
    credentials: { accessKey: ACCESS, secretKey: SECRET },
    now: () => clock.now(),
    ...options,
  });
  const out = await mkdtemp(join(tmpdir(), 'nclue-term-'));
  const args = [...ids, '--endpoint', emulator.url, '--out', out, '--name', 'r', '--format', 'csv'];
  return runInProcess([...args, '--strategy', 'get', '--verbose', ...flags], { env: ENV, clock });
}

/** Nothing a terminal acts on, no forged line, no line made long by server text. */
function expectInert(stderr: string): void {
  // eslint-disable-next-line no-control-regex
  expect(stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
  expect(stderr).not.toMatch(/^error: FAKE LINE/m);
  expect(stderr).not.toContain('x'.repeat(201));
}

describe('server text on the terminal', () => {
  it('task statuses, raw values, fetch errors and retry causes are shown escaped and capped', async () => {
    const errorBody = JSON.stringify({
      error: { errorCode: PAYLOAD, message: PAYLOAD, details: `${PAYLOAD}!` },
    });
    const result = await runAgainst(
      {
        tasks: [
          { task_id: uuid(1), task_name: 't1', status: PAYLOAD, AUROC: PAYLOAD },
          { task_id: uuid(2), task_name: 't2', status: 'completed', AUROC: '0.7' },
          { task_id: uuid(3), task_name: 't3', status: 'completed', AUROC: '0.7' },
          { task_id: uuid(4), task_name: 't4', status: 'completed', AUROC: '0.7' },
        ],
        faults: {
          [uuid(2)]: [{ status: 400, body: errorBody }],
          [uuid(3)]: [{ status: 503, body: errorBody }],
          [uuid(4)]: [{ status: 200, body: JSON.stringify({ task_id: PAYLOAD }) }],
        },
      },
      [uuid(1), uuid(2), uuid(3), uuid(4)],
    );
    expect(result.code).toBe(3);
    expectInert(result.stderr);
    expect(result.stderr).toMatch(
      /^by status: .*\\x1b\]0;owned\\x07\\x1b\[2J\\x1b\[H\\r\\nerror: FAKE LINE/m,
    );
    expect(result.stderr).toMatch(/^fetch errors: .*rejected \(HTTP 400, errorCode \\x1b\]0;owned/m);
    expect(result.stderr).toContain('invalid response: task_id');
    expect(result.stderr).toMatch(/retry .* after HTTP 503, errorCode \\x1b\]0;owned/);
    expect(result.stderr).toMatch(/^warning: task d0+-0000-4000-8000-0+1: AUROC .*\\u001b\]0;owned/m);
  });

  it.each([401, 403])('the %s gateway message is shown escaped', async (status) => {
    const body = JSON.stringify({ error: { errorCode: PAYLOAD, message: PAYLOAD, details: PAYLOAD } });
    const result = await runAgainst(
      {
        tasks: [{ task_id: uuid(1), task_name: 't1', status: 'completed', AUROC: '0.7' }],
        faults: { [uuid(1)]: [{ status, body }] },
      },
      [uuid(1)],
    );
    expect(result.code).toBe(4);
    expectInert(result.stderr);
    expect(result.stderr).toMatch(
      // 401 is the keys themselves; 403 says the account may not use NCLUE (docs/api.md, "Errors").
      new RegExp(
        `^nclue-report: ${status === 401 ? 'credentials rejected' : 'permission denied'} \\(HTTP ${status}, errorCode \\\\x1b`,
        'm',
      ),
    );
  });
});
