/**
 * How a task is matched between two reports: its ID trimmed and lower-cased, since NCLUE task IDs are
 * UUIDs (case-insensitive, RFC 9562 §4) and a hand-edited list may change their case.
 */
export function compareKey(taskId: string): string {
  return taskId.trim().toLowerCase();
}
