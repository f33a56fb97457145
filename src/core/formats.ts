/** Report formats the writers know (`--format`). */
export const FORMATS = ['csv', 'xlsx', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** How the task list is gathered (`--strategy`): GET per ID, the paginated list, or chosen per run. */
export const STRATEGIES = ['auto', 'get', 'list'] as const;
export type Strategy = (typeof STRATEGIES)[number];
