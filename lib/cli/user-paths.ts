/**
 * Every file the user names, and every file the CLI writes, is taken relative to the user's working
 * directory (never the clone's, wherever the CLI is installed), and shown as an absolute path so
 * messages say exactly which file was meant.
 */
import os from "node:os";
import path from "node:path";

export function userPath(file: string): string {
  if (file === "~" || file.startsWith("~/")) return path.join(os.homedir(), file.slice(1));
  return path.resolve(process.cwd(), file);
}
