/** Path prefix of the NCLUE API; the signed request URI includes it (docs/api.md "Signature"). */
export const API_PREFIX = '/api/v1';

const TASKS_PATH = `${API_PREFIX}/tasks`;

export type Route =
  | { kind: 'get-task'; rawTaskId: string }
  | { kind: 'list-tasks'; query: URLSearchParams }
  | { kind: 'not-found' };

/** Matches the raw request URI (path + optional `?query`) against the two served routes. */
export function matchRoute(requestUri: string): Route {
  const q = requestUri.indexOf('?');
  const path = q === -1 ? requestUri : requestUri.slice(0, q);
  const query = q === -1 ? '' : requestUri.slice(q + 1);
  if (path === TASKS_PATH) return { kind: 'list-tasks', query: new URLSearchParams(query) };
  if (path.startsWith(`${TASKS_PATH}/`)) {
    const rawTaskId = path.slice(TASKS_PATH.length + 1);
    if (rawTaskId !== '' && !rawTaskId.includes('/')) return { kind: 'get-task', rawTaskId };
  }
  return { kind: 'not-found' };
}

/** Percent-decodes the task_id path segment; undefined when the encoding is malformed. */
export function decodeTaskId(rawTaskId: string): string | undefined {
  try {
    return decodeURIComponent(rawTaskId);
  } catch {
    return undefined;
  }
}
