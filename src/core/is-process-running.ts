/**
 * Whether a process of this id exists on this machine. Signal 0 checks without sending anything:
 * ESRCH means gone; EPERM means it exists but belongs to someone else, so it counts as running.
 */
export function isProcessRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
