import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pickTaskFields } from '../client/pick-task-fields.js';
import { UsageError } from '../core/errors.js';
import { formatTerminalText } from '../core/format-terminal-text.js';
import { isValidTaskId, taskIdKey } from '../input/parse-task-ids.js';
import { describeNonRegular } from '../core/open-regular-file.js';

/**
 * The checkpoint of a run: one JSON line per fetched task, appended as it arrives
 * (`<out>/<name>.checkpoint.jsonl`). `--resume` reads it back and fetches only what it lacks; only a
 * complete run removes it, so nothing fetched is ever thrown away.
 */
export interface Checkpoint {
  /** Tasks recorded by an earlier run, keyed by taskIdKey(). */
  readonly known: ReadonlyMap<string, Record<string, unknown>>;
  /** Records of the file that were not valid tasks: their tasks are fetched again. */
  readonly rejected: number;
  /**
   * Appends one fetched task. Best effort: a write that fails (disk full, folder gone) is reported once
   * through `onError` and never fails the run — the report matters more than the checkpoint.
   */
  record(taskId: string, task: Record<string, unknown>): Promise<void>;
  /** How many tasks this run has recorded. */
  readonly recorded: number;
  remove(): Promise<void>;
}

/** How a run treats an existing checkpoint: refuse it, continue it (--resume) or discard it (--fresh). */
export type CheckpointMode = 'new' | 'resume' | 'fresh';

/** The file name suffix of every checkpoint: `<name>.checkpoint.jsonl`. */
export const CHECKPOINT_SUFFIX = '.checkpoint.jsonl';

/** The hint of a run that found a checkpoint it was not told what to do with (exit 2). */
export const CHECKPOINT_HINT = '--resume to continue it, --fresh to discard it';

/** Appends never follow a symbolic link planted in place of the file, and never create one. */
const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW;
/** The file is created by this run, never opened if something (a link, a file) appeared meanwhile. */
const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const READ = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export interface ParsedCheckpoint {
  known: Map<string, Record<string, unknown>>;
  /** Lines that were JSON but not a valid record (a line cut short by a crash is not counted). */
  rejected: number;
  /** Whose tasks these are, from the first line; null in a checkpoint of an earlier version. */
  owner: CheckpointOwnerRecord | null;
}

/** The account a run fetches from: its endpoint and access key (never written as such). */
export interface CheckpointOwner {
  endpoint: string;
  accessKey: string;
}

/**
 * What a checkpoint records of its account, on its first line: the endpoint and a fingerprint of the
 * access key, so `--resume` never mixes the tasks of two accounts, and the key is never on disk.
 */
export interface CheckpointOwnerRecord {
  endpoint: string;
  accessKeyFingerprint: string;
}

/** The first line's marker, telling it from a task record. */
const OWNER_MARKER = 'nclue-report checkpoint';

/**
 * A non-reversible fingerprint of an access key: the first 16 hex digits (64 bits) of SHA-256 over
 * the key behind a fixed prefix (so it equals no plain hash of the key used elsewhere). Enough to
 * tell two keys apart; the key cannot be computed back from it.
 */
export function fingerprintAccessKey(accessKey: string): string {
  return createHash('sha256').update(`${OWNER_MARKER} access key\n${accessKey}`).digest('hex').slice(0, 16);
}

function recordOwner(owner: CheckpointOwner): CheckpointOwnerRecord {
  return { endpoint: owner.endpoint, accessKeyFingerprint: fingerprintAccessKey(owner.accessKey) };
}

function formatOwnerLine(owner: CheckpointOwnerRecord): string {
  return `${JSON.stringify({ checkpoint: OWNER_MARKER, endpoint: owner.endpoint, access_key_fingerprint: owner.accessKeyFingerprint })}\n`;
}

/** The owner a line records, or null when it is not an owner line. */
function parseOwnerLine(line: string): CheckpointOwnerRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { checkpoint, endpoint, access_key_fingerprint: fingerprint } = value as Record<string, unknown>;
  if (checkpoint !== OWNER_MARKER) return null;
  return {
    endpoint: typeof endpoint === 'string' ? endpoint : '',
    accessKeyFingerprint: typeof fingerprint === 'string' ? fingerprint : '',
  };
}

/** Normalises an endpoint for comparison: `HTTP://Host:80/api/v1/` and `http://host/api/v1` agree. */
function endpointKey(endpoint: string): string {
  try {
    return new URL(endpoint).toString().replace(/\/+$/, '');
  } catch {
    return endpoint;
  }
}

/**
 * Refuses to resume a checkpoint of another account (exit 2): its tasks would be merged into this
 * account's report. A checkpoint of an earlier version, which records no owner, is resumed as before.
 */
export function checkCheckpointOwner(
  path: string,
  recorded: CheckpointOwnerRecord | null,
  owner: CheckpointOwner,
): void {
  if (recorded === null) return;
  const differences: string[] = [];
  if (endpointKey(recorded.endpoint) !== endpointKey(owner.endpoint)) {
    differences.push(
      `it was written for the endpoint "${formatTerminalText(recorded.endpoint)}", this run uses ${owner.endpoint}`,
    );
  }
  if (recorded.accessKeyFingerprint !== fingerprintAccessKey(owner.accessKey)) {
    differences.push('it was written with another access key');
  }
  if (differences.length === 0) return;
  throw new UsageError(
    `cannot --resume the checkpoint ${path}: ${differences.join('; ')}, and resuming would mix two accounts' tasks; run with the same endpoint and keys, or --fresh to start over`,
  );
}

/**
 * Checks one checkpoint line as the network path checks a response (nclue-client.ts): a task ID, an
 * object, and the object's own `task_id` (when it has one) equal to it. Returns the key and the task
 * reduced to its documented fields, 'invalid' for a record that fails, or null for a line that is not
 * JSON at all (cut short by a crash).
 */
function parseRecord(line: string): { key: string; task: Record<string, unknown> } | 'invalid' | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'invalid';
  const { task_id: id, task } = value as { task_id?: unknown; task?: unknown };
  if (typeof id !== 'string' || !isValidTaskId(id)) return 'invalid';
  if (task === null || typeof task !== 'object' || Array.isArray(task)) return 'invalid';
  const own = (task as Record<string, unknown>).task_id;
  if (own !== undefined && own !== null && (typeof own !== 'string' || taskIdKey(own) !== taskIdKey(id))) {
    return 'invalid';
  }
  return { key: taskIdKey(id), task: pickTaskFields(task as Record<string, unknown>) };
}

/** Parses checkpoint lines; invalid records are counted and left out, so their tasks are fetched again. */
export async function parseCheckpointLines(
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<ParsedCheckpoint> {
  const known = new Map<string, Record<string, unknown>>();
  let rejected = 0;
  let owner: CheckpointOwnerRecord | null = null;
  let first = true;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (first) {
      first = false;
      owner = parseOwnerLine(line);
      if (owner !== null) continue;
    }
    const record = parseRecord(line);
    if (record === 'invalid') rejected++;
    else if (record !== null) known.set(record.key, record.task);
  }
  return { known, rejected, owner };
}

/** Parses checkpoint text; a line cut short by a crash (the last one) is skipped. */
export function parseCheckpoint(text: string): Map<string, Record<string, unknown>> {
  const known = new Map<string, Record<string, unknown>>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (record !== null && record !== 'invalid') known.set(record.key, record.task);
  }
  return known;
}

/** The file at `path` (not following a link), or null when there is none. */
async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UsageError(`cannot read the checkpoint ${path} (${code ?? 'error'}); move it away`);
  }
}

/**
 * Refuses what must never be opened as a checkpoint: a symbolic link (planted to make the run write
 * through it), a folder, a FIFO or a device.
 */
export function checkCheckpointFile(path: string, info: Stats): void {
  if (info.isSymbolicLink()) {
    throw new UsageError(
      `the checkpoint ${path} is a symbolic link; it is never followed: remove it, or choose another --out or --name`,
    );
  }
  const kind = info.isDirectory() ? 'a folder' : describeNonRegular(info);
  if (kind !== null) throw new UsageError(`the checkpoint ${path} is ${kind}; move it away`);
}

/** Reads an existing checkpoint line by line (it may hold a million tasks), without following links. */
export async function readCheckpoint(path: string): Promise<ParsedCheckpoint & { endsWithNewline: boolean }> {
  const handle = await open(path, READ);
  try {
    const info = await handle.stat();
    checkCheckpointFile(path, info);
    let endsWithNewline = true;
    if (info.size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, info.size - 1);
      endsWithNewline = last[0] === 0x0a;
    }
    const lines = createInterface({
      input: handle.createReadStream({ start: 0, autoClose: false }),
      crlfDelay: Infinity,
    });
    return { ...(await parseCheckpointLines(lines)), endsWithNewline };
  } finally {
    await handle.close();
  }
}

/**
 * The newest checkpoint in `dir` (by modification time), for `--resume` without `--name`; null when
 * there is none.
 */
export async function findNewestCheckpoint(dir: string): Promise<{ name: string; path: string } | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  let newest: { name: string; path: string; mtimeMs: number } | null = null;
  for (const file of names) {
    if (!file.endsWith(CHECKPOINT_SUFFIX) || file === CHECKPOINT_SUFFIX) continue;
    const path = join(dir, file);
    const info = await lstat(path).catch(() => null);
    if (info === null || !info.isFile()) continue;
    if (newest === null || info.mtimeMs > newest.mtimeMs) {
      newest = { name: file.slice(0, -CHECKPOINT_SUFFIX.length), path, mtimeMs: info.mtimeMs };
    }
  }
  return newest === null ? null : { name: newest.name, path: newest.path };
}

/** Reads the checkpoint for --resume; one it cannot read, or of another owner, is a UsageError. */
async function readForResume(
  path: string,
  owner: CheckpointOwner | undefined,
): Promise<Awaited<ReturnType<typeof readCheckpoint>>> {
  let read: Awaited<ReturnType<typeof readCheckpoint>>;
  try {
    read = await readCheckpoint(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read the checkpoint ${path} (${code ?? 'error'}) for --resume; move it away or run with --fresh`,
    );
  }
  if (owner !== undefined) checkCheckpointOwner(path, read.owner, owner);
  return read;
}

/** Creates the checkpoint exclusively (replacing an existing one), with the owner on its first line. */
async function createCheckpointFile(
  path: string,
  replace: boolean,
  owner: CheckpointOwner | undefined,
): Promise<void> {
  try {
    if (replace) await rm(path);
    const handle = await open(path, CREATE, 0o600);
    try {
      if (owner !== undefined) await handle.writeFile(formatOwnerLine(recordOwner(owner)), 'utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot create the checkpoint ${path} (${code}); choose another --out or --name`);
  }
}

/**
 * Opens the checkpoint at `path`. `resume` loads an existing one and appends to it; `fresh` discards
 * an existing one; `new` refuses (exit 2) to touch an existing one, since it holds tasks another run
 * fetched. Either way a symbolic link at `path` is refused, and the file is created by this run
 * exclusively, never through a link. With `owner`, a new checkpoint records it on its first line, and
 * `resume` refuses (exit 2) a checkpoint that records another.
 */
export async function openCheckpoint(
  path: string,
  mode: CheckpointMode,
  onError: (message: string) => void = () => undefined,
  owner?: CheckpointOwner,
): Promise<Checkpoint> {
  let known = new Map<string, Record<string, unknown>>();
  let rejected = 0;
  // A line cut short by a crash has no line end: start the next record on a line of its own.
  let separator = '';
  const existing = await lstatOrNull(path);
  if (existing !== null) {
    checkCheckpointFile(path, existing);
    if (mode === 'new') {
      throw new UsageError(`a checkpoint of an unfinished run exists: ${path}; ${CHECKPOINT_HINT}`);
    }
  }
  if (existing !== null && mode === 'resume') {
    const read = await readForResume(path, owner);
    ({ known, rejected } = read);
    if (!read.endsWithNewline) separator = '\n';
  } else {
    await createCheckpointFile(path, existing !== null, owner);
  }
  // Appends are serialised so lines never interleave.
  let tail: Promise<void> = Promise.resolve();
  let recorded = 0;
  let failed = false;
  const append = async (line: string): Promise<void> => {
    const handle = await open(path, APPEND);
    try {
      await handle.appendFile(line, 'utf8');
    } finally {
      await handle.close();
    }
  };
  return {
    known,
    rejected,
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
        .then(() => append(line))
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

/** How many dropped task IDs the --resume warning names before counting the rest. */
const DROPPED_NAMED = 5;

/**
 * What `--resume` with a changed ID list leaves out: the checkpoint's tasks that are not in this run's
 * list are not in its reports, and a complete run removes the checkpoint with them. Null when every
 * checkpointed task is still asked for.
 */
export function describeDroppedTasks(
  known: ReadonlyMap<string, Record<string, unknown>>,
  requested: ReadonlyArray<{ id: string; valid: boolean }>,
): string | null {
  const asked = new Set(requested.filter((e) => e.valid).map((e) => taskIdKey(e.id)));
  const dropped = [...known.keys()].filter((key) => !asked.has(key));
  if (dropped.length === 0) return null;
  const named = dropped.slice(0, DROPPED_NAMED).join(', ');
  const more = dropped.length > DROPPED_NAMED ? ` and ${dropped.length - DROPPED_NAMED} more` : '';
  const count = dropped.length === 1 ? '1 checkpointed task is' : `${dropped.length} checkpointed tasks are`;
  return `${count} not in this run's ID list (${named}${more}): left out of the reports, and dropped with the checkpoint when this run completes; resume with the earlier ID list to keep them`;
}
