import "server-only";
/**
 * The one executor of the build's external tools (mkfs.ext4, qemu-img, mmdebstrap, apt inside the
 * chroot...): an argv array, never a shell string; a clean environment plus what the step sets; a time
 * limit; cancellation; every line the tool prints handed to the build's log as it comes. A failure says
 * which tool, how it ended and the end of what it printed.
 */
import { spawn } from "node:child_process";
import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { AppError } from "@/lib/errors";

export interface ToolRun {
  stdout: string;
  stderr: string;
}

export type ToolLog = (line: string, stream: "stdout" | "stderr") => void;

export interface ToolOptions {
  env?: Record<string, string>;
  /** Default 10 minutes; the tool (and, with `unshare --kill-child`, all it started) is killed after it. */
  timeoutMs?: number;
  /** Aborting kills the tool: a cancelled build stops at once. */
  signal?: AbortSignal;
  /** Every line of output, as it is printed. */
  log?: ToolLog;
  cwd?: string;
  /** A file the server reads and feeds to the tool's stdin (a tarball the image's root may not open itself). */
  stdinFile?: string;
  /** What stdout is kept for the caller (dpkg-query's list, qemu-img's JSON); the log sees all of it. */
  maxStdoutBytes?: number;
}

const OUTPUT_TAIL = 2_000;
const DEFAULT_TIMEOUT_MS = 600_000;

export function runTool(command: string, args: readonly string[], options: ToolOptions = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(cancelled(command));
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", ...options.env },
      stdio: [options.stdinFile ? "pipe" : "ignore", "pipe", "pipe"],
    });
    if (options.stdinFile && child.stdin) {
      const input = createReadStream(options.stdinFile);
      input.on("error", (error) => {
        options.log?.(`cannot read ${options.stdinFile}: ${error.message}`, "stderr");
        child.kill("SIGKILL");
      });
      // The tool may stop reading early (it failed): its error says why, not EPIPE.
      child.stdin.on("error", () => undefined);
      input.pipe(child.stdin);
    }
    const maxStdout = options.maxStdoutBytes ?? 16 * 1024 * 1024;
    const out = collector(maxStdout, (line) => options.log?.(line, "stdout"));
    const err = collector(64 * 1024, (line) => options.log?.(line, "stderr"));
    child.stdout?.on("data", out.push);
    child.stderr?.on("data", err.push);

    let why: "timeout" | "cancelled" | undefined;
    const kill = (reason: "timeout" | "cancelled") => {
      why ??= reason;
      // Its descendants first: a namespace's first process must not outlive the tool that made it.
      for (const pid of child.pid ? descendants(child.pid) : []) killQuietly(pid);
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => kill("timeout"), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const onAbort = () => kill("cancelled");
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      reject(new AppError("internal", `${command} could not be started: ${error.message}`, {}, { cause: error }));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      out.flush();
      err.flush();
      const stdout = out.text();
      const stderr = err.text();
      if (why === "cancelled") return reject(cancelled(command));
      if (code === 0 && !why) return resolve({ stdout, stderr });
      const how = why === "timeout" ? "was stopped after its time limit" : `exited with ${code ?? signal}`;
      const said = (stderr || stdout).trim().slice(-OUTPUT_TAIL);
      reject(new AppError("internal", `${command} ${how}${said ? `: ${said}` : ""}`));
    });
  });
}

/** Every process below `pid` (from /proc's children lists), deepest last. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number) => {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children = "";
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, "utf8");
      } catch {
        continue;
      }
      for (const child of children.split(" ").filter(Boolean).map(Number)) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}

/** What a cancelled build's tools throw: the pipeline stops and the job ends as cancelled, not failed. */
export class BuildCancelled extends Error {
  constructor(command: string) {
    super(`cancelled while ${command} ran`);
    this.name = "BuildCancelled";
  }
}

const cancelled = (command: string) => new BuildCancelled(command);

/** Keeps up to `max` bytes and hands each complete line to `onLine`. */
function collector(max: number, onLine: (line: string) => void) {
  const chunks: Buffer[] = [];
  let kept = 0;
  let partial = "";
  return {
    push: (chunk: Buffer) => {
      if (kept < max) {
        const part = chunk.subarray(0, max - kept);
        chunks.push(part);
        kept += part.length;
      }
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    },
    flush: () => {
      if (partial) onLine(partial);
      partial = "";
    },
    text: () => Buffer.concat(chunks).toString("utf8"),
  };
}
