// Who a PID is, beyond "some process is alive": a PID is reused once its process is gone, so a
// lock that names only a PID can end up naming an unrelated process forever. On Linux the kernel
// tells when a process started (/proc/<pid>/stat field 22, in clock ticks since boot); with the
// boot id that pins one process for the life of the machine. Elsewhere (macOS, Windows) there is
// no such file: callers then know only that the PID is alive.
import { readFileSync } from 'node:fs';

export interface ProcessFacts {
  /** `<boot id>:<start ticks>`; undefined where /proc cannot tell (not Linux, or no access). */
  startId: string | undefined;
  /** The process's command name (/proc/<pid>/comm), for messages; never its arguments. */
  name: string | undefined;
}

function readSmall(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The start identity of a running process, or undefined when it cannot be read. */
export function processStartId(pid: number): string | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  const stat = readSmall(`/proc/${pid}/stat`);
  const boot = readSmall('/proc/sys/kernel/random/boot_id')?.trim();
  if (stat === undefined || !boot) return undefined;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
  // The fields after it start at field 3 (state), so starttime (field 22) is the 20th of them.
  const fields = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  const start = fields[19];
  return start !== undefined && /^\d+$/.test(start) ? `${boot}:${start}` : undefined;
}

export function processFacts(pid: number): ProcessFacts {
  const comm = Number.isSafeInteger(pid) && pid > 0 ? readSmall(`/proc/${pid}/comm`) : undefined;
  // The name is shown to the operator: keep it to printable characters of a sane length.
  const name = comm
    ?.trim()
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 64);
  return { startId: processStartId(pid), name: name || undefined };
}
