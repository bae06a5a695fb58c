/**
 * Lowers the scheduling priority of the calling thread (Linux nice value), so CPU-bound background
 * work (inspections of uploads) gives way to the threads that answer requests on a busy machine but
 * uses every idle cycle. Node sets priorities by process id; on Linux a thread id works the same, and
 * a worker thread reads its own from /proc/thread-self. Elsewhere, or without the right, nothing happens.
 */
import fs from "node:fs";
import os from "node:os";

export function lowerThreadPriority(niceness: number): boolean {
  try {
    const tid = Number(fs.readFileSync("/proc/thread-self/stat", "utf8").split(" ", 1)[0]);
    if (!Number.isInteger(tid) || tid <= 0) return false;
    os.setPriority(tid, Math.max(os.getPriority(tid), niceness));
    return true;
  } catch {
    return false;
  }
}
