import { readFileSync } from 'node:fs';

/**
 * When the process `pid` started, as `<boot id>:<start ticks>`: the boot id of
 * /proc/sys/kernel/random/boot_id and field 22 (starttime, clock ticks since boot) of
 * /proc/<pid>/stat (proc(5)). Together they name one process for good: a pid reused by another
 * process, or the same pid after a reboot, gives another value. Null where /proc cannot tell (not
 * Linux, /proc hidden, the process gone).
 */
export function readProcessStart(pid: number): string | null {
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[19];
    if (bootId === '' || ticks === undefined || !/^\d+$/.test(ticks)) return null;
    return `${bootId}:${ticks}`;
  } catch {
    return null;
  }
}
