import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { readTaskIdFile } from '../../src/input/read-task-ids.js';

const A = 'f5aebc0c-0000-4000-8000-b201bc64b1c9';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nclue-ids-'));
});

describe('readTaskIdFile', () => {
  it('reads a file', async () => {
    const file = join(dir, 'ok.txt');
    await writeFile(file, `${A}\n`);
    expect((await readTaskIdFile(file)).map((e) => e.id)).toEqual([A]);
  });

  it('reads stdin for -', async () => {
    const entries = await readTaskIdFile('-', Readable.from([Buffer.from(`# x\n${A}\n`)]));
    expect(entries).toEqual([{ id: A, source: 'stdin', line: 2, valid: true }]);
  });

  it.each([
    ['missing', async () => join(dir, 'nope.txt'), /does not exist/],
    ['a directory', async () => dir, /is a directory/],
    [
      'empty',
      async () => {
        const f = join(dir, 'empty.txt');
        await writeFile(f, '');
        return f;
      },
      /lists no task IDs/,
    ],
    [
      'comments only',
      async () => {
        const f = join(dir, 'c.txt');
        await writeFile(f, '# a\n\n# b\n');
        return f;
      },
      /lists no task IDs/,
    ],
    [
      'binary',
      async () => {
        const f = join(dir, 'bin');
        await writeFile(f, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
        return f;
      },
      /looks binary/,
    ],
    [
      'not UTF-8',
      async () => {
        const f = join(dir, 'cp949.txt');
        await writeFile(f, Buffer.from([0xb8, 0xf0, 0xb5, 0xa8, 0x0a]));
        return f;
      },
      /not valid UTF-8/,
    ],
  ])('refuses a file that is %s with a UsageError', async (_what, make, message) => {
    const file = await make();
    const error = await readTaskIdFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });
});
