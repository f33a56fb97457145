import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { openCheckpoint, parseCheckpoint } from '../../src/pipeline/checkpoint.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'nclue-checkpoint-'));
}

describe('checkpoint', () => {
  it('appends one line per task and reads them back on resume', async () => {
    const path = join(await tempDir(), 'r.checkpoint.jsonl');
    const first = await openCheckpoint(path, false);
    await first.record('A0000000-0000-4000-8000-000000000001', { status: 'completed' });
    await first.record('a0000000-0000-4000-8000-000000000002', { status: 'failed' });
    expect(first.recorded).toBe(2);
    const resumed = await openCheckpoint(path, true);
    expect([...resumed.known.keys()]).toEqual([
      'a0000000-0000-4000-8000-000000000001',
      'a0000000-0000-4000-8000-000000000002',
    ]);
  });

  it('starts a fresh file without --resume', async () => {
    const path = join(await tempDir(), 'r.checkpoint.jsonl');
    await writeFile(path, '{"task_id":"x","task":{}}\n');
    const checkpoint = await openCheckpoint(path, false);
    expect(checkpoint.known.size).toBe(0);
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('skips a line cut short by a crash and starts the next record on a new line', async () => {
    const path = join(await tempDir(), 'r.checkpoint.jsonl');
    await writeFile(path, '{"task_id":"a","task":{"s":1}}\n{"task_id":"b","ta');
    const resumed = await openCheckpoint(path, true);
    expect([...resumed.known.keys()]).toEqual(['a']);
    await resumed.record('c', { s: 3 });
    expect([...parseCheckpoint(await readFile(path, 'utf8')).keys()]).toEqual(['a', 'c']);
  });

  it('reports a failing write once and never rejects', async () => {
    const dir = await tempDir();
    const path = join(dir, 'r.checkpoint.jsonl');
    const errors: string[] = [];
    const checkpoint = await openCheckpoint(path, false, (m) => errors.push(m));
    await rm(dir, { recursive: true });
    await expect(checkpoint.record('a', {})).resolves.toBeUndefined();
    await expect(checkpoint.record('b', {})).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cannot write the checkpoint .*ENOENT.*--resume would fetch again/);
  });

  it('refuses a checkpoint it cannot read or create with a UsageError', async () => {
    const dir = await tempDir();
    const path = join(dir, 'r.checkpoint.jsonl');
    await mkdir(path);
    await expect(openCheckpoint(path, true)).rejects.toBeInstanceOf(UsageError);
    await expect(openCheckpoint(path, false)).rejects.toThrow(/cannot create the checkpoint/);
  });
});
