/**
 * PGlite takes no lock on its data directory, and two processes writing one directory corrupt it
 * (electric-sql/pglite#323, #1106): `next dev` plus a script, two `next start`, build workers. So the
 * directory gets a lock file next to it, `<dataDir>.lock`, holding the owner's pid. A second opener
 * fails at once with a message naming the owner; a lock left by a process that no longer runs (crash,
 * kill -9) is taken over.
 *
 * "No longer runs" on the same host: the pid is gone, or it now belongs to another process (its start
 * time differs, or the machine rebooted). A lock written on another host cannot be checked and is
 * respected. A residual race: two processes taking over the same stale lock at the same instant; the
 * exclusive create makes one of them lose in all but a window of microseconds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface LockOwner {
  pid: number;
  hostname: string;
  /** Linux /proc/sys/kernel/random/boot_id: a reboot makes every older lock stale. */
  bootId?: string;
  /** Linux /proc/<pid>/stat start time (clock ticks since boot): tells a reused pid apart. */
  startTime?: string;
  acquiredAt: string;
  /** Distinguishes two locks of one process (tests open and close the same directory repeatedly). */
  token: string;
}

export class DataDirLockedError extends Error {
  readonly owner: LockOwner | undefined;
  readonly lockPath: string;

  constructor(message: string, lockPath: string, owner?: LockOwner) {
    super(message);
    this.name = "DataDirLockedError";
    this.lockPath = lockPath;
    this.owner = owner;
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

const HELD = Symbol.for("appliance-marketplace.pglite-locks");
type Held = Map<string, string>;
function heldLocks(): Held {
  const slot = globalThis as { [HELD]?: Held };
  if (!slot[HELD]) {
    const held: Held = new Map();
    slot[HELD] = held;
    // Best effort on a normal exit; after a crash the next opener takes the stale lock over.
    process.once("exit", () => {
      for (const [lockPath, token] of held) removeIfOurs(lockPath, token);
    });
  }
  return slot[HELD];
}

export function lockPathFor(dataDir: string): string {
  return `${path.resolve(dataDir).replace(/[\\/]+$/, "")}.lock`;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const lockPath = lockPathFor(dataDir);
  if (heldLocks().has(lockPath)) {
    throw new DataDirLockedError(`the embedded database ${path.resolve(dataDir)} is already open in this process`, lockPath);
  }
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const owner = currentOwner();
  const content = `${JSON.stringify(owner)}\n`;

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      createComplete(lockPath, content, owner.token);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const existing = readLock(lockPath);
      if (existing === "missing") continue;
      // Locks appear complete (createComplete), so an unreadable one was never written by a live
      // opener: garbage or a truncated file. No process can be shown to hold it.
      if (existing === "unreadable") {
        removeIfUnchanged(lockPath, undefined);
        continue;
      }
      if (isAlive(existing)) throw lockedError(dataDir, lockPath, existing);
      removeIfUnchanged(lockPath, existing.token);
      continue;
    }
    // A process that judged an older lock stale may have removed ours in between: check we still hold it.
    const written = readLock(lockPath);
    if (typeof written === "object" && written.token === owner.token) {
      heldLocks().set(lockPath, owner.token);
      return { path: lockPath, release: () => release(lockPath, owner.token) };
    }
    const holder = typeof written === "object" ? written : undefined;
    throw lockedError(dataDir, lockPath, holder);
  }
  throw new DataDirLockedError(`cannot take the lock ${lockPath} of the embedded database: it keeps changing`, lockPath);
}

/**
 * Creates the lock file with its whole content, or fails with EEXIST: the content is written to a
 * file of our own first and hard-linked into place (link never replaces), so no reader ever sees a
 * lock half written.
 */
function createComplete(lockPath: string, content: string, token: string): void {
  const staging = `${lockPath}.${token}.tmp`;
  fs.writeFileSync(staging, content, { mode: 0o644 });
  try {
    fs.linkSync(staging, lockPath);
  } finally {
    fs.rmSync(staging, { force: true });
  }
}

function release(lockPath: string, token: string): void {
  if (heldLocks().get(lockPath) !== token) return;
  heldLocks().delete(lockPath);
  removeIfOurs(lockPath, token);
}

function lockedError(dataDir: string, lockPath: string, owner: LockOwner | undefined): DataDirLockedError {
  const who = owner
    ? `process ${owner.pid}${owner.hostname === os.hostname() ? "" : ` on host ${owner.hostname}`} (since ${owner.acquiredAt})`
    : "another process";
  return new DataDirLockedError(
    `the embedded database ${path.resolve(dataDir)} is in use by ${who}. ` +
      "PGlite allows one process per data directory: stop that process, set DATA_DIR to another directory, or use PostgreSQL with DATABASE_URL. " +
      `If no such process runs, delete ${lockPath}.`,
    lockPath,
    owner,
  );
}

function currentOwner(): LockOwner {
  const bootId = readBootId();
  const startTime = processStartTime(process.pid);
  return {
    pid: process.pid,
    hostname: os.hostname(),
    ...(bootId ? { bootId } : {}),
    ...(startTime ? { startTime } : {}),
    acquiredAt: new Date().toISOString(),
    token: `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
  };
}

export function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) return true;
  const bootId = readBootId();
  if (owner.bootId && bootId && owner.bootId !== bootId) return false;
  if (owner.pid === process.pid) {
    // Ours only if this process holds it (a container restarted with the same pid otherwise).
    return [...heldLocks().values()].includes(owner.token);
  }
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    // EPERM: the process exists but belongs to another user.
  }
  const startTime = processStartTime(owner.pid);
  if (owner.startTime && startTime && owner.startTime !== startTime) return false;
  return true;
}

function readLock(lockPath: string): LockOwner | "missing" | "unreadable" {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === "number" && typeof value.hostname === "string" && typeof value.token === "string") return value as LockOwner;
  } catch {
    // Being written, or garbage.
  }
  return "unreadable";
}

function removeIfUnchanged(lockPath: string, token: string | undefined): void {
  const current = readLock(lockPath);
  if (current === "missing") return;
  if (token === undefined ? current === "unreadable" : typeof current === "object" && current.token === token) {
    fs.rmSync(lockPath, { force: true });
  }
}

function removeIfOurs(lockPath: string, token: string): void {
  try {
    const current = readLock(lockPath);
    if (typeof current === "object" && current.token === token) fs.rmSync(lockPath, { force: true });
  } catch {
    // Exiting anyway.
  }
}

function readBootId(): string | undefined {
  try {
    return fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may contain spaces and parentheses. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}
