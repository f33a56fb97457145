/**
 * `--resume` never mixes accounts: a checkpoint records the endpoint and a fingerprint of the access
 * key (never the key), and a resume against another endpoint or key stops with exit 2. A changed ID
 * list says which checkpointed tasks it leaves out.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../src/client/clock.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { runInProcess } from '../support/in-process.js';

const START = Date.UTC(2026, 10, 29, 3, 0, 0);
const ACCOUNT_A = { NCLOUD_ACCESS_KEY: 'AK-ACCOUNT-A-7f3e', NCLOUD_SECRET_KEY: 'secret-a-91b2c3' };
const ACCOUNT_B = { NCLOUD_ACCESS_KEY: 'AK-ACCOUNT-B-2d8c', NCLOUD_SECRET_KEY: 'secret-b-55e6f7' };

function uuid(n: number): string {
  return `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function task(n: number, account: string): Record<string, unknown> {
  return { task_id: uuid(n), task_name: `${account} task ${n}`, status: 'completed', AUROC: '0.8' };
}

const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function startAccount(env: typeof ACCOUNT_A, clock: FakeClock, tasks: Array<Record<string, unknown>>) {
  const emulator = await createEmulator({
    tasks,
    credentials: { accessKey: env.NCLOUD_ACCESS_KEY, secretKey: env.NCLOUD_SECRET_KEY },
    now: () => clock.now(),
  });
  emulators.push(emulator);
  return emulator;
}

function run(
  clock: FakeClock,
  env: typeof ACCOUNT_A,
  endpoint: string,
  out: string,
  ids: string[],
  flags: string[],
) {
  return runInProcess(
    [
      ...ids,
      '--endpoint',
      endpoint,
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
    { env, clock },
  );
}

/** A run of account B that leaves a checkpoint (task 3 is missing: exit 3). */
async function leaveCheckpointOfB(clock: FakeClock) {
  const b = await startAccount(ACCOUNT_B, clock, [task(1, 'B'), task(2, 'B')]);
  const out = await mkdtemp(join(tmpdir(), 'nclue-resume-'));
  const first = await run(clock, ACCOUNT_B, b.url, out, [uuid(1), uuid(2), uuid(3)], []);
  expect(first.code).toBe(3);
  return { b, out, checkpoint: join(out, 'r.checkpoint.jsonl') };
}

describe('--resume and the account of a checkpoint', () => {
  it('records the endpoint and a fingerprint of the access key, never the key', async () => {
    const clock = createFakeClock(START);
    const { b, checkpoint } = await leaveCheckpointOfB(clock);
    const text = await readFile(checkpoint, 'utf8');
    const first = JSON.parse(text.split('\n')[0] ?? '') as Record<string, unknown>;
    expect(first.endpoint).toBe(b.url);
    expect(first.access_key_fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(text).not.toContain(ACCOUNT_B.NCLOUD_ACCESS_KEY);
    expect(text).not.toContain(ACCOUNT_B.NCLOUD_SECRET_KEY);
  });

  it("resuming B's checkpoint against A's endpoint and key exits 2 before any request, with the --fresh hint", async () => {
    const clock = createFakeClock(START);
    const { out, checkpoint } = await leaveCheckpointOfB(clock);
    const a = await startAccount(ACCOUNT_A, clock, [task(1, 'A'), task(2, 'A'), task(3, 'A')]);
    const before = await readFile(checkpoint, 'utf8');
    const resumed = await run(clock, ACCOUNT_A, a.url, out, [uuid(1), uuid(2), uuid(3)], ['--resume']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('another access key');
    expect(resumed.stderr).toContain('--fresh');
    expect(resumed.stderr).not.toContain(ACCOUNT_A.NCLOUD_ACCESS_KEY);
    expect(resumed.stderr).not.toContain(ACCOUNT_B.NCLOUD_ACCESS_KEY);
    expect(a.stats.requests).toBe(0);
    expect(await readFile(checkpoint, 'utf8')).toBe(before);
  });

  it('--dry-run --resume of another account stops as the run would', async () => {
    const clock = createFakeClock(START);
    const { out } = await leaveCheckpointOfB(clock);
    const a = await startAccount(ACCOUNT_A, clock, [task(1, 'A')]);
    const plan = await run(
      clock,
      ACCOUNT_A,
      a.url,
      out,
      [uuid(1), uuid(2), uuid(3)],
      ['--resume', '--dry-run'],
    );
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('another access key');
    expect(a.stats.requests).toBe(0);
  });

  it("resuming with B's key but another endpoint exits 2 naming both endpoints", async () => {
    const clock = createFakeClock(START);
    const { out } = await leaveCheckpointOfB(clock);
    const other = await startAccount(ACCOUNT_B, clock, [task(3, 'B')]);
    const resumed = await run(clock, ACCOUNT_B, other.url, out, [uuid(1), uuid(2), uuid(3)], ['--resume']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`this run uses ${other.url}`);
    expect(resumed.stderr).not.toContain('another access key');
    expect(other.stats.requests).toBe(0);
  });

  it('the same account resumes, and --fresh starts over with the other account', async () => {
    const clock = createFakeClock(START);
    const { b, out } = await leaveCheckpointOfB(clock);
    const same = await run(clock, ACCOUNT_B, `${b.url}/`, out, [uuid(1), uuid(2), uuid(3)], ['--resume']);
    expect(same.code).toBe(3);
    expect(b.stats.log.filter((l) => l.taskId === uuid(1))).toHaveLength(1);
    const a = await startAccount(ACCOUNT_A, clock, [task(1, 'A'), task(2, 'A'), task(3, 'A')]);
    const fresh = await run(clock, ACCOUNT_A, a.url, out, [uuid(1), uuid(2), uuid(3)], ['--fresh']);
    expect(fresh.code).toBe(0);
    expect(await readFile(join(out, 'r.csv'), 'utf8')).not.toContain('B task');
  });

  it('a changed ID list says which checkpointed tasks it leaves out', async () => {
    const clock = createFakeClock(START);
    const { b, out } = await leaveCheckpointOfB(clock);
    const resumed = await run(clock, ACCOUNT_B, b.url, out, [uuid(2), uuid(3)], ['--resume']);
    expect(resumed.code).toBe(3);
    expect(resumed.stderr).toMatch(
      /warning: --resume: 1 checkpointed task is not in this run's ID list \(f0+-0000-4000-8000-0+1\)/,
    );
    expect(resumed.stderr).toContain('dropped with the checkpoint when this run completes');
  });
});
