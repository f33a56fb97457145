import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { taskIdKey } from '../input/parse-task-ids.js';

/**
 * The checkpoint of a run: one JSON line per fetched task, appended as it arrives
 * (`<out>/<name>.checkpoint.jsonl`). `--resume` reads it back and fetches only what it lacks; a run
 * that fetched everything removes it.
 */
export interface Checkpoint {
  /** Tasks recorded by an earlier run, keyed by taskIdKey(). */
  readonly known: ReadonlyMap<string, Record<string, unknown>>;
  record(taskId: string, task: Record<string, unknown>): Promise<void>;
  remove(): Promise<void>;
}

/** Parses checkpoint text; a line cut short by a crash (the last one) is skipped. */
export function parseCheckpoint(text: string): Map<string, Record<string, unknown>> {
  const known = new Map<string, Record<string, unknown>>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const { task_id: id, task } = value as { task_id?: unknown; task?: unknown };
    if (typeof id !== 'string' || task === null || typeof task !== 'object' || Array.isArray(task)) continue;
    known.set(taskIdKey(id), task as Record<string, unknown>);
  }
  return known;
}

/**
 * Opens the checkpoint at `path`. With `resume`, earlier records are kept and loaded; without it the
 * file starts empty.
 */
export async function openCheckpoint(path: string, resume: boolean): Promise<Checkpoint> {
  let known = new Map<string, Record<string, unknown>>();
  if (resume) {
    try {
      known = parseCheckpoint(await readFile(path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  } else {
    await writeFile(path, '');
  }
  // Appends are serialised so lines never interleave.
  let tail: Promise<void> = Promise.resolve();
  return {
    known,
    record(taskId, task) {
      const line = JSON.stringify({ task_id: taskId, task }) + '\n';
      tail = tail.then(() => appendFile(path, line, 'utf8'));
      return tail;
    },
    async remove() {
      await tail.catch(() => undefined);
      await rm(path, { force: true });
    },
  };
}
