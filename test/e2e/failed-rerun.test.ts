import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { localMonth } from '../../src/models/task-period.js';
import { runInProcess } from '../support/in-process.js';
import { uuid } from '../support/task-ids.js';

/**
 * A re-run that goes wrong must not destroy a good report: a run that fetched nothing keeps the
 * existing reports of its name, a wrong endpoint path or a dead endpoint stops at once (exit 4) and
 * writes nothing. Also the first month: `--compare` of a folder that does not exist yet.
 */
const ACCESS = 'AK-RERUN';
const SECRET = 'rerun-secret-value-Zq4';
const ENV = { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET };
const IDS = [1, 2, 3, 4].map((n) => uuid(500 + n));

function task(id: string, n: number): Record<string, unknown> {
  return {
    task_id: id,
    task_name: `model ${n} 2026-11`,
    status: 'completed',
    created_at: `2026-11-0${n}T09:00:00`,
    AUROC: `0.${80 + n}00000000000000`,
  };
}

let root: string;
let emulator: Emulator;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nclue-rerun-'));
  emulator = await createEmulator({
    tasks: IDS.map((id, i) => task(id, i + 1)),
    credentials: { accessKey: ACCESS, secretKey: SECRET },
  });
});

afterAll(async () => {
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

function run(args: string[], endpoint = emulator.url) {
  const clock = createFakeClock(Date.now());
  return runInProcess([...args, '--endpoint', endpoint, '--no-progress', '--format', 'csv,json'], {
    env: ENV,
    clock,
  });
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) files[name] = await readFile(join(dir, name), 'utf8');
  return files;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('a failed re-run', () => {
  it('fetched nothing: the good November report stays as it was (exit 3)', async () => {
    const out = join(root, 'keep');
    const good = await run([...IDS, '--out', out, '--name', 'nclue-2026-11']);
    expect(good.code).toBe(0);
    const before = await snapshot(out);
    // Every ID now answers 404 while the task list still answers: nothing can be fetched.
    emulator.setTasks([]);
    const bad = await run([...IDS, '--out', out, '--name', 'nclue-2026-11', '--retries', '0']);
    emulator.setTasks(IDS.map((id, i) => task(id, i + 1)));
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain(
      'no task could be fetched, so the existing reports of nclue-2026-11 are left',
    );
    expect(bad.stderr).toContain(`kept ${join(out, 'nclue-2026-11.csv')} as it was`);
    expect(bad.stderr).toMatch(/exit code 3: no task could be fetched.*no report was replaced/);
    expect(await snapshot(out)).toEqual(before);
  });

  it('fetched nothing and no earlier report: the error report is written as before', async () => {
    const out = join(root, 'first');
    emulator.setTasks([]);
    const bad = await run([...IDS, '--out', out, '--name', 'nclue-2026-11']);
    emulator.setTasks(IDS.map((id, i) => task(id, i + 1)));
    expect(bad.code).toBe(3);
    const csv = await readFile(join(out, 'nclue-2026-11.csv'), 'utf8');
    expect(csv.match(/not found \(HTTP 404\)/g)).toHaveLength(4);
  });

  it('a wrong endpoint path: exit 4 after the first IDs and one list request, nothing replaced', async () => {
    const out = join(root, 'keep');
    const before = await snapshot(out);
    const wrong = emulator.url.replace('/api/v1', '/api/v2');
    const requestsBefore = emulator.stats.requests;
    const bad = await run([...IDS, '--out', out, '--name', 'nclue-2026-11'], wrong);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain(
      'the endpoint does not serve the NCLUE task API: check --endpoint, it ends in /api/v1',
    );
    expect(bad.stderr).toContain('No report was written.');
    expect(emulator.stats.requests - requestsBefore).toBeLessThanOrEqual(IDS.length + 1);
    expect(await snapshot(out)).toEqual(before);
  });

  it('a wrong endpoint path with --all: the first list page 404s, exit 4', async () => {
    const wrong = emulator.url.replace('/api/v1', '/api/v2');
    const bad = await run(['--all', '--out', join(root, 'all-wrong')], wrong);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('check --endpoint, it ends in /api/v1 (the task list answered HTTP 404)');
  });

  it('a dead endpoint: exit 4 within 15 s, the endpoint named, no report', async () => {
    const out = join(root, 'dead');
    const port = await closedPort();
    const clock = createFakeClock(Date.now());
    const start = clock.now();
    const result = await runInProcess(
      [...IDS, '--out', out, '--no-progress', '--endpoint', `http://127.0.0.1:${port}/api/v1`],
      { env: ENV, clock },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`cannot reach the NCLUE endpoint http://127.0.0.1:${port}/api/v1`);
    expect(result.stderr).toContain('--endpoint or NCLUE_ENDPOINT');
    expect(clock.now() - start).toBeLessThan(15_000);
    expect((await readdir(out)).filter((name) => !name.startsWith('.'))).toEqual([]);
  });
});

describe('the dry run', () => {
  it('names the period and the report it would write', async () => {
    const month = localMonth(new Date(), -1);
    const plan = await run([...IDS, '--out', join(root, 'plan'), '--period', 'previous', '--dry-run']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`period: ${month} (--period previous: the month before today)`);
    expect(plan.stdout).toContain(join(root, 'plan', `nclue-${month}.csv`));
    const auto = await run([...IDS, '--out', join(root, 'plan'), '--dry-run']);
    expect(auto.stdout).toContain('period: the newest month with a completed task among the fetched ones');
  });
});

describe('the first month', () => {
  it('--compare of the run’s own --out that does not exist yet is empty history', async () => {
    const out = join(root, 'month-one');
    const result = await run([...IDS, '--out', out, '--compare', out, '--name', 'nclue-2026-11']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no earlier reports yet');
    expect((await stat(join(out, 'nclue-2026-11.csv'))).isFile()).toBe(true);
  });

  it('any other missing --compare path is exit 2, naming a folder or a file', async () => {
    const folder = await run([...IDS, '--out', join(root, 'x'), '--compare', join(root, 'nope')]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('the folder does not exist');
    const file = await run([...IDS, '--out', join(root, 'x'), '--compare', join(root, 'nope.json')]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('the file does not exist');
  });
});
