/**
 * A full disk is no usage mistake: its message names the cause and says to free space, never "Run
 * nclue-report --help for usage". The disk is filled by a fake file system error (ENOSPC on creating
 * the checkpoint), so nothing real is filled.
 */
import type * as FsPromises from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeNextStep } from '../../src/cli/boundary.js';
import { createFakeClock } from '../../src/client/clock.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { runInProcess } from '../support/in-process.js';

const fullDisk = vi.hoisted(() => ({ on: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const open: typeof actual.open = (path, flags, mode) => {
    if (
      fullDisk.on &&
      String(path).endsWith('.checkpoint.jsonl') &&
      typeof flags === 'number' &&
      flags & 0o100
    ) {
      const error: NodeJS.ErrnoException = new Error(
        `ENOSPC: no space left on device, open '${String(path)}'`,
      );
      error.code = 'ENOSPC';
      return Promise.reject(error);
    }
    return actual.open(path, flags, mode);
  };
  return { ...actual, open, default: { ...actual, open } };
});

const ACCESS = 'AK-DISK';
const SECRET = 'disk-secret-1a2b3c';

let emulator: Emulator | undefined;
afterEach(async () => {
  fullDisk.on = false;
  await emulator?.close();
  emulator = undefined;
});

describe('a full disk', () => {
  it('ENOSPC creating the checkpoint: exit 2 naming it, and no "--help for usage"', async () => {
    const clock = createFakeClock(Date.UTC(2026, 10, 29, 3, 0, 0));
    const id = 'c0000000-0000-4000-8000-000000000001';
    emulator = await createEmulator({
      tasks: [{ task_id: id, task_name: 't', status: 'completed', AUROC: '0.7' }],
      credentials: { accessKey: ACCESS, secretKey: SECRET },
      now: () => clock.now(),
    });
    const out = await mkdtemp(join(tmpdir(), 'nclue-full-'));
    fullDisk.on = true;
    const result = await runInProcess([id, '--endpoint', emulator.url, '--out', out, '--format', 'csv'], {
      env: { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET },
      clock,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('(ENOSPC)');
    expect(result.stderr).toContain('The disk is full');
    expect(result.stderr).not.toContain('--help');
    expect(emulator.stats.requests).toBe(0);
  });

  it.each([
    [
      '--compare a.xlsx is not a readable xlsx workbook (ENOSPC: no space left on device, write)',
      /disk is full/,
    ],
    ['output folder /x is not writable (EDQUOT); choose a writable --out', /disk is full/],
    ['cannot take the lock /x/r.lock (EIO); choose a writable --out', /system refused it \(EIO\)/],
    ['--rps must be a positive number, got "x"', /--help for usage/],
    ['--name "ENOSPCfile/x" is not a valid file base name', /--help for usage/],
  ])('after "%s" says %s', (message, expected) => {
    expect(describeNextStep(message)).toMatch(expected);
  });
});
