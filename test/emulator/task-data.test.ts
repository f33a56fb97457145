import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTaskData, TaskDataError } from '../../src/emulator/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nclue-emulator-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function fileWith(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text, 'utf8');
  return file;
}

describe('readTaskData', () => {
  it('reads a JSON array of tasks', async () => {
    const tasks = [{ task_id: 'a', AUROC: '0.5' }, { task_id: 'b' }];
    expect(await readTaskData(await fileWith('array.json', JSON.stringify(tasks)))).toEqual(tasks);
  });

  it('reads a list envelope { "tasks": [...] }', async () => {
    const file = await fileWith(
      'envelope.json',
      JSON.stringify({ index: 0, limit: 20, total: 1, tasks: [{ task_id: 'a' }] }),
    );
    expect(await readTaskData(file)).toEqual([{ task_id: 'a' }]);
  });

  it.each([
    ['not JSON', '{"tasks": [', /not valid JSON/],
    [
      'an object without tasks',
      '{"items": []}',
      /expected a JSON array of tasks or an object with a "tasks" array/,
    ],
    ['a bare string', '"tasks"', /expected a JSON array/],
    ['a non-object task', '[{"task_id": "a"}, 42]', /task #1 is not a JSON object/],
    ['a task without task_id', '[{"task_name": "x"}]', /task #0 has no string "task_id"/],
  ])('rejects %s with a TaskDataError naming the file', async (_name, text, message) => {
    const file = await fileWith('bad.json', text);
    const error = await readTaskData(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskDataError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(file);
  });

  it('reports a missing file', async () => {
    await expect(readTaskData(join(dir, 'nope.json'))).rejects.toThrow(/cannot read task data .*nope\.json/);
  });
});
