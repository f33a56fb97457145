import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  describeDroppedTasks,
  findNewestCheckpoint,
  openCheckpoint,
  parseCheckpoint,
} from '../../src/pipeline/checkpoint.js';

function ID(n: number): string {
  return `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'nclue-checkpoint-'));
}

describe('checkpoint', () => {
  it('appends one line per task and reads them back on resume', async () => {
    const path = join(await tempDir(), 'r.checkpoint.jsonl');
    const first = await openCheckpoint(path, 'new');
    await first.record(ID(1).toUpperCase(), { status: 'completed' });
    await first.record(ID(2), { status: 'failed' });
    expect(first.recorded).toBe(2);
    const resumed = await openCheckpoint(path, 'resume');
    expect([...resumed.known.keys()]).toEqual([ID(1), ID(2)]);
  });

  it('refuses an existing checkpoint without --resume or --fresh, and --fresh starts it anew', async () => {
    const path = join(await tempDir(), 'r.checkpoint.jsonl');
    const line = `{"task_id":"${ID(1)}","task":{}}\n`;
    await writeFile(path, line);
    await expect(openCheckpoint(path, 'new')).rejects.toThrow(
      `a checkpoint of an unfinished run exists: ${path}; --resume to continue it, --fresh to discard it`,
    );
    expect(await readFile(path, 'utf8')).toBe(line);
    const checkpoint = await openCheckpoint(path, 'fresh');
    expect(checkpoint.known.size).toBe(0);
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('skips a line cut short by a crash and starts the next record on a new line', async () => {
    const path = join(await tempDir(), 'r.checkpoint.jsonl');
    await writeFile(path, `{"task_id":"${ID(1)}","task":{"status":"a"}}\n{"task_id":"${ID(2)}","ta`);
    const resumed = await openCheckpoint(path, 'resume');
    expect([...resumed.known.keys()]).toEqual([ID(1)]);
    await resumed.record(ID(3), { status: 'c' });
    expect([...parseCheckpoint(await readFile(path, 'utf8')).keys()]).toEqual([ID(1), ID(3)]);
  });

  it('reports a failing write once and never rejects', async () => {
    const dir = await tempDir();
    const path = join(dir, 'r.checkpoint.jsonl');
    const errors: string[] = [];
    const checkpoint = await openCheckpoint(path, 'new', (m) => errors.push(m));
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
    await expect(openCheckpoint(path, 'resume')).rejects.toBeInstanceOf(UsageError);
    await expect(openCheckpoint(path, 'fresh')).rejects.toThrow(/is a folder/);
    await expect(openCheckpoint(join(dir, 'missing', 'r.checkpoint.jsonl'), 'new')).rejects.toThrow(
      /cannot create the checkpoint/,
    );
  });

  it('refuses a checkpoint that is a symbolic link, in every mode, and never writes through it', async () => {
    const dir = await tempDir();
    const target = join(dir, 'precious.txt');
    await writeFile(target, 'keep me');
    const path = join(dir, 'r.checkpoint.jsonl');
    await symlink(target, path);
    for (const mode of ['new', 'resume', 'fresh'] as const) {
      await expect(openCheckpoint(path, mode)).rejects.toThrow(/is a symbolic link/);
    }
    expect(await readFile(target, 'utf8')).toBe('keep me');
  });

  it('never appends through a link planted after it was opened', async () => {
    const dir = await tempDir();
    const target = join(dir, 'precious.txt');
    await writeFile(target, 'keep me');
    const path = join(dir, 'r.checkpoint.jsonl');
    const errors: string[] = [];
    const checkpoint = await openCheckpoint(path, 'new', (m) => errors.push(m));
    await rm(path);
    await symlink(target, path);
    await checkpoint.record(ID(1), { status: 'completed' });
    expect(await readFile(target, 'utf8')).toBe('keep me');
    expect(errors).toHaveLength(1);
  });

  it('validates records as responses are validated: a bad record is left out and counted', async () => {
    const path = join(await tempDir(), 'r.checkpoint.jsonl');
    const lines = [
      { task_id: ID(1), task: { task_id: ID(1), status: 'completed', extra: [[[1]]] } },
      { task_id: ID(2), task: { task_id: ID(9), status: 'completed' } },
      { task_id: ID(3), task: [] },
      { task_id: 'not-a-uuid', task: {} },
      { task_id: ID(4), task: { task_id: 42 } },
      { task_id: ID(5).toUpperCase(), task: { task_id: ID(5), status: 'failed' } },
    ];
    await writeFile(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const resumed = await openCheckpoint(path, 'resume');
    expect([...resumed.known.keys()]).toEqual([ID(1), ID(5)]);
    expect(resumed.known.get(ID(1))).toEqual({ task_id: ID(1), status: 'completed' });
    expect(resumed.rejected).toBe(4);
  });
});

describe('findNewestCheckpoint', () => {
  it('picks the most recently written checkpoint of the folder', async () => {
    const dir = await tempDir();
    expect(await findNewestCheckpoint(dir)).toBeNull();
    await writeFile(join(dir, 'nclue-tasks-2026-11-01.checkpoint.jsonl'), '');
    await writeFile(join(dir, 'monthly.checkpoint.jsonl'), '');
    await writeFile(join(dir, 'other.csv'), '');
    await utimes(
      join(dir, 'nclue-tasks-2026-11-01.checkpoint.jsonl'),
      new Date(2026, 10, 1),
      new Date(2026, 10, 1),
    );
    await utimes(join(dir, 'monthly.checkpoint.jsonl'), new Date(2026, 10, 2), new Date(2026, 10, 2));
    expect(await findNewestCheckpoint(dir)).toEqual({
      name: 'monthly',
      path: join(dir, 'monthly.checkpoint.jsonl'),
    });
  });

  it('with an owner, records it first, reads it back as no task, and refuses another on resume', async () => {
    const path = join(await tempDir(), 'r.checkpoint.jsonl');
    const owner = { endpoint: 'https://nclue.example/api/v1', accessKey: 'AK-OWNER-123' };
    const first = await openCheckpoint(path, 'new', undefined, owner);
    await first.record(ID(1), { status: 'completed' });
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('AK-OWNER-123');
    const resumed = await openCheckpoint(path, 'resume', undefined, {
      ...owner,
      endpoint: `${owner.endpoint}/`,
    });
    expect([...resumed.known.keys()]).toEqual([ID(1)]);
    expect(resumed.rejected).toBe(0);
    await expect(
      openCheckpoint(path, 'resume', undefined, { ...owner, accessKey: 'AK-OTHER' }),
    ).rejects.toThrow(/another access key.*--fresh to start over/);
    await expect(
      openCheckpoint(path, 'resume', undefined, { ...owner, endpoint: 'https://other.example/api/v1' }),
    ).rejects.toThrow('this run uses https://other.example/api/v1');
  });

  it('names the checkpointed tasks a changed ID list leaves out, five at most', () => {
    const known = new Map(Array.from({ length: 8 }, (_, i) => [ID(i + 1), {}]));
    const asked = [ID(1), ID(2)].map((id) => ({ id: id.toUpperCase(), valid: true }));
    const text = describeDroppedTasks(known, asked) ?? '';
    expect(text).toMatch(/^6 checkpointed tasks are not in this run's ID list \(/);
    expect(text).toContain(`${ID(3)}, ${ID(4)}, ${ID(5)}, ${ID(6)}, ${ID(7)} and 1 more`);
    expect(text).not.toContain(ID(8));
    expect(
      describeDroppedTasks(
        known,
        [...known.keys()].map((id) => ({ id, valid: true })),
      ),
    ).toBeNull();
  });
});
