/**
 * CPU time spent by a local PostgreSQL server, for the benchmarks' "database CPU per task": the
 * postmaster, its live children (backends, WAL writer, checkpointer …) and the children it has
 * already reaped (their time is in the postmaster's `cutime`/`cstime`). Linux only, and only when
 * the server runs on this machine and the role may read `data_directory` (a superuser, as in the
 * embedded database); otherwise `null`, and the benchmark leaves the figure out.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface CpuMeter {
  /** Milliseconds of CPU the server used since the meter was made. */
  elapsedMs(): Promise<number>;
}

type Query = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

/** Clock ticks per second of /proc's times (USER_HZ): 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

export async function postgresCpuMeter(query: Query): Promise<CpuMeter | null> {
  if (process.platform !== 'linux') return null;
  try {
    const { rows } = await query('SHOW data_directory');
    const dataDir = String(rows[0]?.data_directory ?? '');
    if (!dataDir) return null;
    const pidFile = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
    const postmaster = Number(pidFile.split('\n')[0]);
    if (!Number.isInteger(postmaster) || postmaster <= 0) return null;
    const start = await serverTicks(postmaster);
    return {
      elapsedMs: async () => ((await serverTicks(postmaster)) - start) * (1000 / TICKS_PER_SECOND),
    };
  } catch {
    return null;
  }
}

/** Fields 14–17 of /proc/<pid>/stat (utime, stime, cutime, cstime), after the `(comm)` field. */
async function times(pid: number): Promise<{ ppid: number; own: number; reaped: number } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): field n is fields[n - 3].
    const at = (n: number) => Number(fields[n - 3]);
    return { ppid: at(4), own: at(14) + at(15), reaped: at(16) + at(17) };
  } catch {
    return null;
  }
}

async function serverTicks(postmaster: number): Promise<number> {
  const main = await times(postmaster);
  if (!main) throw new Error('the PostgreSQL server is gone');
  let total = main.own + main.reaped;
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === postmaster) continue;
    const child = await times(pid);
    if (child?.ppid === postmaster) total += child.own;
  }
  return total;
}
