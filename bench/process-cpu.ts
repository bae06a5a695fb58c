/**
 * CPU seconds used so far by every process whose command line names `needle` (Linux /proc; null
 * elsewhere). Exited threads count in their process's total, so a Web Worker that has ended still shows.
 */
import fs from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the benchmarks run on

export function processCpuSeconds(needle: string): number | null {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let ticks = 0;
  for (const pid of entries) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(needle)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name, which may itself hold spaces: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks / TICKS_PER_SECOND;
}
