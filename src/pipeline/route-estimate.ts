import { computeListRequests } from './choose-strategy.js';
import type { CollectEvent } from './collect-tasks.js';

/** The part of the progress display whose ETA follows the route. */
export interface EstimateTarget {
  setEstimate(estimate: (() => number | null) | null): void;
}

/**
 * Ms left while the account is listed: the list pages still to request at --rps (100 tasks arrive per
 * request, so "tasks left at --rps" would overstate it a hundredfold). Null while the total is unknown.
 */
export function estimateListingMs(total: number | null, pagesDone: number, rps: number): number | null {
  if (total === null || !(rps > 0)) return null;
  return (Math.max(0, computeListRequests(total) - pagesDone) / rps) * 1000;
}

/**
 * Follows the collector's events so that the progress ETA follows the strategy actually taken: pages
 * left while listing, then (after the listing, or when `auto` chose GETs) tasks left, one GET each.
 */
export function createRouteEstimate(target: EstimateTarget, rps: number): (event: CollectEvent) => void {
  let listing = false;
  let pages = 0;
  let total: number | null = null;
  return (event) => {
    switch (event.type) {
      case 'route':
        listing = event.route !== 'get';
        if (!listing) target.setEstimate(null);
        break;
      case 'list-page':
        pages++;
        total = event.total;
        if (listing) target.setEstimate(() => estimateListingMs(total, pages, rps));
        break;
      case 'listing-end':
        listing = false;
        target.setEstimate(null);
        break;
    }
  };
}
