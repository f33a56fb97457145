import { LIST_PAGE_SIZE, computeListRequests } from './choose-strategy.js';
import type { CollectEvent } from './collect-tasks.js';
import { describeLackingFields } from './list-item-fields.js';

export interface LogLine {
  level: 'info' | 'warn' | 'debug';
  text: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Why `auto` chose GETs after the first page, in parentheses, or ''. */
function describeGetReason(total: number | null | undefined, lackingShare: number | undefined): string {
  if (total === undefined) return '';
  if (total === null) return ' (the list page gave no total)';
  const lacking =
    lackingShare !== undefined && lackingShare > 0
      ? `; ${Math.round(lackingShare * 100)} % of the listed tasks lacked fields and would need a GET anyway`
      : '';
  if (total <= LIST_PAGE_SIZE)
    return ` (the first page was full, and its total of ${total} does not tell how many tasks follow${lacking})`;
  return ` (listing ${total} tasks would take ${computeListRequests(total) - 1} more requests${lacking})`;
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
        return {
          level: 'info',
          text: `fetching ${plural(event.ids, 'task')} one GET each${describeGetReason(event.total, event.lackingShare)}`,
        };
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
    case 'oversized-page':
      return {
        level: 'warn',
        text: `GET /tasks?index=${event.index}&limit=${event.limit} returned ${event.received} tasks, more than the limit: the server breaks the protocol; only the first ${event.limit} of each such page are kept (said once)`,
      };
    case 'listing-end': {
      const { listing, matched, toGet, lacking } = event;
      const of = listing.total === null ? '' : ` of ${listing.total}`;
      const gets = toGet > 0 ? `; ${plural(toGet, 'requested ID')} not listed, fetched one GET each` : '';
      const lacked = lacking.tasks > 0 ? `; ${describeLackingFields(lacking)}` : '';
      if (listing.end === 'failed') {
        return {
          level: 'warn',
          text: `listing failed at index=${listing.failedIndex ?? '?'} (${listing.error ?? 'unknown error'}) after ${listing.listed}${of} tasks${gets}${lacked}`,
        };
      }
      if (listing.end === 'not worth it') {
        return { level: 'debug', text: `first list page: ${matched} requested tasks on it${gets}${lacked}` };
      }
      if (listing.end === 'interrupted')
        return { level: 'info', text: `listing interrupted after ${listing.listed}${of} tasks${lacked}` };
      if (listing.end === 'quota exceeded')
        return {
          level: 'warn',
          text: `listing stopped by the spent quota after ${listing.listed}${of} tasks`,
        };
      const style =
        listing.style === null
          ? ''
          : ` (index is ${listing.style === 'offset' ? 'an item offset' : 'a page number'})`;
      const twice = listing.served - listing.listed - listing.skipped;
      const duplicates =
        listing.complete && twice > 0 ? ` (${plural(twice, 'duplicate ID')} counted once)` : '';
      const summary = `listed ${listing.listed}${of} tasks in ${plural(listing.requests, 'request')}${style}${duplicates}${gets}${lacked}`;
      if (!listing.complete) {
        return {
          level: 'warn',
          text: `${summary}; the listing stopped before its end (${listing.end}): the account changed while it was listed, or the server pages oddly`,
        };
      }
      if (listing.total !== null && listing.served < listing.total) {
        return {
          level: 'warn',
          text: `${summary}; the list ended at ${listing.served} tasks although total said ${listing.total}: tasks were deleted while it was listed, or total counts something else`,
        };
      }
      return { level: 'info', text: summary };
    }
  }
}
