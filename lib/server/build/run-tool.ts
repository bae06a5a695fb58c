import "server-only";
/**
 * Runs one of the build's external tools (mkfs.ext4, qemu-img, mmdebstrap...) with an argv array,
 * never a shell string, with a clean environment plus what the step sets, and a time limit. A failure
 * says which tool, how it ended and the end of what it printed.
 */
import { execFile } from "node:child_process";
import { AppError } from "@/lib/errors";

export interface ToolRun {
  stdout: string;
  stderr: string;
}

const OUTPUT_TAIL = 2_000;

export function runTool(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        env: { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", ...options.env },
        timeout: options.timeoutMs ?? 600_000,
        killSignal: "SIGKILL",
        maxBuffer: 16 * 1024 * 1024,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const how = error.killed ? "was stopped after its time limit" : `exited with ${error.code ?? error.signal}`;
        const said = (stderr || stdout).trim().slice(-OUTPUT_TAIL);
        reject(new AppError("internal", `${command} ${how}${said ? `: ${said}` : ""}`, {}, { cause: error }));
      },
    );
  });
}
