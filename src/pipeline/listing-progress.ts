import type { CollectEvent } from './collect-tasks.js';

/** The part of the progress display listing feeds. */
export interface ProgressCounter {
  addTotal(count: number): void;
  tick(failed: boolean): void;
}

/**
 * For `--all`, where no task is requested one by one: turns list-page events into progress, the total
 * from the envelope (raised if the account grows) and one tick per newly listed task. Listed tasks
 * fetched one by one afterwards (a field lacking) are added to the total when that route is taken;
 * their GETs tick as they settle.
 */
export function createListingProgress(progress: ProgressCounter): (event: CollectEvent) => void {
  let total = 0;
  let counted = 0;
  return (event) => {
    if (event.type === 'route' && event.route === 'get') {
      progress.addTotal(event.ids);
      return;
    }
    if (event.type !== 'list-page') return;
    const known = Math.max(event.total ?? 0, event.listed);
    if (known > total) {
      progress.addTotal(known - total);
      total = known;
    }
    for (; counted < event.listed; counted++) progress.tick(false);
  };
}
