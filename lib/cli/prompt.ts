/** Questions on the terminal (stderr, so stdout stays the command's answer), and a secret read from stdin. */
import { read } from "read";
import { UsageError } from "./cli-error";

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY);
}

export async function ask(prompt: string, hidden = false): Promise<string> {
  return read({ prompt, output: process.stderr, ...(hidden ? { silent: true, replace: "" } : {}) });
}

/** `--password-stdin`: the whole of stdin, without its final line break. */
export async function readStdinSecret(what: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  const text = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (text === "") throw new UsageError(`--password-stdin: stdin held no ${what}`);
  return text;
}
