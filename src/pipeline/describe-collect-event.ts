import { computeListRequests } from './choose-strategy.js';
import type { CollectEvent } from './collect-tasks.js';

export interface LogLine {
  level: 'info' | 'warn' | 'debug';
  text: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The log line for a collector event (see collect-tasks.ts). Pure. */
export function describeCollectEvent(event: CollectEvent): LogLine {
  switch (event.type) {
    case 'route': {
      if (event.route === 'first-page') {
        return {
          level: 'info',
          text: `strategy auto: reading the first list page to see whether listing the account beats ${plural(event.ids, 'GET')}`,
        };
      }
      if (event.route === 'get') {
        const why =
          event.total === undefined
            ? ''
            : event.total === null
              ? ' (the list page gave no total)'
              : ` (listing ${event.total} tasks would take ${computeListRequests(event.total) - 1} more requests)`;
        return { level: 'info', text: `fetching ${plural(event.ids, 'task')} one GET each${why}` };
      }
      const estimate =
        event.total === undefined || event.total === null
          ? ''
          : `: about ${computeListRequests(event.total)} requests for ${event.total} tasks`;
      return { level: 'info', text: `listing the account 100 tasks per request${estimate}` };
    }
    case 'list-page':
      return {
        level: 'debug',
        text: `listed ${event.listed}${event.total === null ? '' : `/${event.total}`} tasks (index=${event.index}: ${event.received} tasks)`,
      };
    case 'listing-end': {
      const { listing, matched, toGet } = event;
      const of = listing.total === null ? '' : ` of ${listing.total}`;
      const gets = toGet > 0 ? `; ${plural(toGet, 'requested ID')} not listed, fetched one GET each` : '';
      if (listing.end === 'failed') {
        return {
          level: 'warn',
          text: `listing failed at index=${listing.failedIndex ?? '?'} (${listing.error ?? 'unknown error'}) after ${listing.listed}${of} tasks${gets}`,
        };
      }
      if (listing.end === 'not worth it') {
        return { level: 'debug', text: `first list page: ${matched} requested tasks on it${gets}` };
      }
      if (listing.end === 'interrupted')
        return { level: 'info', text: `listing interrupted after ${listing.listed}${of} tasks` };
      const style =
        listing.style === null
          ? ''
          : ` (index is ${listing.style === 'offset' ? 'an item offset' : 'a page number'})`;
      const summary = `listed ${listing.listed}${of} tasks in ${plural(listing.requests, 'request')}${style}${gets}`;
      if (!listing.complete) {
        return {
          level: 'warn',
          text: `${summary}; the listing stopped short (${listing.end}): the account changed while it was listed, or the server pages oddly`,
        };
      }
      return { level: 'info', text: summary };
    }
  }
}
