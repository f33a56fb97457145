import { readFile } from 'node:fs/promises';

/** The emulator's task data file is missing, not JSON, or not shaped like task data. */
export class TaskDataError extends Error {
  override readonly name = 'TaskDataError';
}

/**
 * Checks parsed JSON: either an array of task objects or `{ "tasks": [...] }` (the list envelope),
 * every task an object with a string `task_id`. `source` names the input in error messages.
 */
export function parseTaskData(json: unknown, source: string): Array<Record<string, unknown>> {
  const tasks: unknown = isObject(json) ? json.tasks : json;
  if (!Array.isArray(tasks)) {
    throw new TaskDataError(
      `${source}: expected a JSON array of tasks or an object with a "tasks" array — see samples/tasks.json`,
    );
  }
  return tasks.map((task: unknown, i) => {
    if (!isObject(task)) throw new TaskDataError(`${source}: task #${i} is not a JSON object`);
    if (typeof task.task_id !== 'string' || task.task_id === '') {
      throw new TaskDataError(`${source}: task #${i} has no string "task_id"`);
    }
    return task;
  });
}

/** Reads a task data file (see parseTaskData for the accepted shapes). */
export async function readTaskData(file: string): Promise<Array<Record<string, unknown>>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TaskDataError(`cannot read task data ${file}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TaskDataError(`task data ${file} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseTaskData(json, file);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
