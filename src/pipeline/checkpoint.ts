import { UsageError } from '../errors.js';
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
  /**
   * Appends one fetched task. Best effort: a write that fails (disk full, folder gone) is reported once
   * through `onError` and never fails the run — the report matters more than the checkpoint.
   */
  record(taskId: string, task: Record<string, unknown>): Promise<void>;
  /** How many tasks this run has recorded. */
  readonly recorded: number;
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
export async function openCheckpoint(
  path: string,
  resume: boolean,
  onError: (message: string) => void = () => undefined,
): Promise<Checkpoint> {
  let known = new Map<string, Record<string, unknown>>();
  // A line cut short by a crash has no line end: start the next record on a line of its own.
  let separator = '';
  if (resume) {
    try {
      const text = await readFile(path, 'utf8');
      known = parseCheckpoint(text);
      if (text !== '' && !text.endsWith('\n')) separator = '\n';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        throw new UsageError(
          `cannot read the checkpoint ${path} (${code ?? 'error'}) for --resume; move it away or run without --resume`,
        );
      }
    }
  } else {
    try {
      await writeFile(path, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`cannot create the checkpoint ${path} (${code}); choose another --out or --name`);
    }
  }
  // Appends are serialised so lines never interleave.
  let tail: Promise<void> = Promise.resolve();
  let recorded = 0;
  let failed = false;
  return {
    known,
    get recorded() {
      return recorded;
    },
    record(taskId, task) {
      let json: string;
      try {
        json = JSON.stringify({ task_id: taskId, task });
      } catch {
        // Tasks come reduced to their documented fields (pickTaskFields); should one still not
        // serialise, it is simply not checkpointed: --resume fetches it again.
        return tail;
      }
      const line = separator + json + '\n';
      separator = '';
      recorded++;
      tail = tail
        .then(() => appendFile(path, line, 'utf8'))
        .catch((error: unknown) => {
          if (failed) return;
          failed = true;
          const code = (error as NodeJS.ErrnoException).code ?? 'error';
          onError(
            `cannot write the checkpoint ${path} (${code}); the run goes on, but --resume would fetch again`,
          );
        });
      return tail;
    },
    async remove() {
      await tail.catch(() => undefined);
      await rm(path, { force: true });
    },
  };
}
