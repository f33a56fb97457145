import type { Strategy } from '../cli/options.js';
import type { TaskIdEntry } from '../input/parse-task-ids.js';
import { fetchTasks, type FetchTasksOptions, type TaskOutcome } from './fetch-tasks.js';

export interface CollectOptions extends FetchTasksOptions {
  strategy: Strategy;
}

export interface Collected {
  /** The entries reported, in report order (for --all: as the listing returned them). */
  entries: TaskIdEntry[];
  outcomes: TaskOutcome[];
}

/**
 * Gets every requested task by the cheapest route the strategy allows. `all` lists the account.
 */
export async function collectTasks(entries: TaskIdEntry[] | 'all', options: CollectOptions): Promise<Collected> {
  if (entries === 'all') throw new Error('listing is not available yet');
  return { entries, outcomes: await fetchTasks(entries, options) };
}
