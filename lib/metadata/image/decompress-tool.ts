/**
 * bzip2 and xz images, decompressed by the system programs. They run in their own process (so on
 * the other core while this process hashes); the file is fed to their standard input by Node so
 * that progress counts compressed bytes like the other formats.
 */
import { spawn } from "node:child_process";
import { Readable, pipeline } from "node:stream";
import { invalidCompressedFile, missingDecompressor } from "@/lib/metadata/image/decompress-errors";
import { readFileCounting } from "@/lib/metadata/image/file-input";

export interface DecompressorTool {
  command: string;
  args: string[];
  /** Format name in messages, e.g. `xz`. */
  format: string;
  /** Where the program comes from, for the "not installed" message. */
  debianPackage: string;
}

// Enough of the program's complaint to explain it; a corrupt file cannot make us buffer more.
const MAX_STDERR_CHARS = 4096;

type Outcome = { error: NodeJS.ErrnoException } | { code: number | null; signal: NodeJS.Signals | null };

export function decompressWithTool(file: string, tool: DecompressorTool, onInputBytes?: (bytes: number) => void): Readable {
  return Readable.from(
    toolChunks(() => readFileCounting(file, onInputBytes), file, tool),
    { objectMode: false },
  );
}

/** The same over any byte stream (an image being downloaded); `name` names it in the error of a damaged stream. */
export function decompressStreamWithTool(input: Readable, name: string, tool: DecompressorTool): Readable {
  return Readable.from(
    toolChunks(() => input, name, tool),
    { objectMode: false },
  );
}

/** `open` is called once the stream is read, so a file that cannot be opened fails the stream, not the caller. */
async function* toolChunks(open: () => Readable, file: string, tool: DecompressorTool): AsyncGenerator<Buffer> {
  const child = spawn(tool.command, tool.args, { stdio: ["pipe", "pipe", "pipe"] });
  const outcome = new Promise<Outcome>((resolve) => {
    child.once("error", (error) => resolve({ error }));
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    if (stderr.length < MAX_STDERR_CHARS) stderr += text;
  });

  let inputError: Error | undefined;
  const input = open();
  pipeline(input, child.stdin, (error) => {
    // EPIPE only means the program stopped reading; its exit status says why.
    if (error && (error as NodeJS.ErrnoException).code !== "EPIPE") inputError = error;
  });

  try {
    // When the program fails at once, its output can end with "Premature close" before its exit
    // status is known; the program's own complaint is the better explanation, so it wins.
    let outputError: unknown;
    try {
      for await (const chunk of child.stdout) yield chunk as Buffer;
    } catch (error) {
      outputError = error;
    }
    const result = await outcome;
    if ("error" in result) throw startFailure(tool, result.error);
    const complaint = toolComplaint(stderr, tool.command);
    if (result.code !== 0 || complaint) {
      const reason = complaint || `${tool.command} exited with ${result.signal ?? `status ${result.code}`}`;
      throw invalidCompressedFile(file, tool.format, reason, { stderr, exitCode: result.code, signal: result.signal });
    }
    if (outputError) throw outputError;
    if (inputError) throw inputError;
  } finally {
    input.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

function startFailure(tool: DecompressorTool, error: NodeJS.ErrnoException): Error {
  return error.code === "ENOENT" ? missingDecompressor(tool.command, tool.debianPackage, error) : error;
}

/** The first line of what the program printed, without its `xz: (stdin): ` style prefix. */
function toolComplaint(stderr: string, command: string): string {
  const firstLine = stderr.trim().split("\n")[0] ?? "";
  return firstLine
    .replace(new RegExp(`^${command}:\\s*`), "")
    .replace(/^\(stdin\):\s*/, "")
    .replace("(stdin)", "the input")
    .replace(/[;.]\s*$/, "")
    .trim();
}
