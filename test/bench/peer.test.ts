import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hasPython, runPeerOnce } from '../../bench/pacing.js';
import { createSyntheticTasks } from '../../bench/synthetic-tasks.js';
import {
  createEmulator,
  SAMPLE_ACCESS_KEY,
  SAMPLE_SECRET_KEY,
  type Emulator,
} from '../../src/emulator/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENV = { NCLOUD_ACCESS_KEY: SAMPLE_ACCESS_KEY, NCLOUD_SECRET_KEY: SAMPLE_SECRET_KEY };

describe('the asyncio peer of the pacing benchmark (bench/peers/asyncio_fetch.py)', () => {
  let emulator: Emulator | undefined;
  let work: string | undefined;
  afterEach(async () => {
    await emulator?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('signs as the API expects and keeps to the rate: every task answered, no 429 (or "not measured" without python3)', async () => {
    const tasks = createSyntheticTasks(6, 1);
    emulator = await createEmulator({
      tasks,
      credentials: { accessKey: SAMPLE_ACCESS_KEY, secretKey: SAMPLE_SECRET_KEY },
      // 5/s leaves 200 ms between starts: a busy machine's scheduling jitter cannot close that gap.
      rps: 5,
      rateToleranceMs: 20,
    });
    work = await mkdtemp(join(tmpdir(), 'nclue-peer-'));
    const idsFile = join(work, 'ids.txt');
    await writeFile(idsFile, tasks.map((t) => String(t.task_id)).join('\n'));
    const run = { root: ROOT, home: work, env: ENV, url: emulator.url, idsFile, rps: 5, connections: 2 };
    if (!hasPython()) {
      // The bench then prints "peer not measured" instead of failing.
      await expect(runPeerOnce(run)).rejects.toThrow();
      return;
    }
    const result = await runPeerOnce(run);
    expect(result.code).toBe(0);
    expect(result.counts).toEqual({ ok: 6, failed: 0, throttled: 0 });
    expect(emulator.stats.requests).toBe(6);
    expect(emulator.stats.byStatus[200]).toBe(6);
    const arrivals = emulator.stats.log.map((l) => l.at);
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThan(150);
    // The secret never reaches the peer's output.
    expect(result.stderr).not.toContain(SAMPLE_SECRET_KEY);
  });
});
