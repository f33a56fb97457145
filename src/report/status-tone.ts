/** How a status reads at a glance; writers colour cells and badges by it. */
export type StatusTone = 'good' | 'bad' | 'busy' | 'unknown' | 'error';

/**
 * `completed` (and the Create pages' spelling `complete`) is good, `failed` bad, the states on the way
 * (`registered`, `pending`, `in_progress`) busy; a task that could not be fetched is an error, and a
 * status nobody documented is unknown (docs/api.md "Get task", status).
 */
export function classifyStatus(status: string | null, fetchError: string | null = null): StatusTone {
  if (fetchError !== null) {
    return 'error';
  }
  switch (status) {
    case 'completed':
    case 'complete':
      return 'good';
    case 'failed':
      return 'bad';
    case 'registered':
    case 'pending':
    case 'in_progress':
      return 'busy';
    default:
      return 'unknown';
  }
}
