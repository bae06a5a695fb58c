/**
 * The CLI's API tokens: `marketplace login` stores one per Marketplace endpoint in
 * `$XDG_CONFIG_HOME/marketplace/credentials` (default `~/.config/marketplace/credentials`), a JSON
 * object `{ "<endpoint>": "<token>" }` readable by its owner only (file 0600, directory 0700).
 * A request takes the first of: `--token`, `$MARKETPLACE_TOKEN`, the file's token for its endpoint.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { UsageError } from "./cli-error";

export interface ApiToken {
  token: string;
  /** Where it came from, in words, for messages. */
  source: string;
}

export function credentialsFile(): string {
  const xdg = process.env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".config");
  return path.join(base, "marketplace", "credentials");
}

export function readStoredTokens(file = credentialsFile()): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not valid JSON: remove it and run \`marketplace login\` again`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${file} must be a JSON object of endpoint to token: remove it and run \`marketplace login\` again`);
  }
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Writes the whole file anew (through a temporary file: never a half-written token), owner-only. */
function writeStoredTokens(tokens: Record<string, string>, file: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}

export function storeToken(endpoint: string, token: string, file = credentialsFile()): void {
  writeStoredTokens({ ...readStoredTokens(file), [endpoint]: token }, file);
}

/** Forgets the endpoint's token; whether there was one. */
export function removeToken(endpoint: string, file = credentialsFile()): boolean {
  const tokens = readStoredTokens(file);
  if (!(endpoint in tokens)) return false;
  delete tokens[endpoint];
  writeStoredTokens(tokens, file);
  return true;
}

export function resolveToken(option: string | undefined, endpoint: string): ApiToken | undefined {
  if (option !== undefined) {
    if (option.trim() === "") throw new UsageError("--token is empty");
    return { token: option.trim(), source: "--token" };
  }
  const fromEnvironment = process.env.MARKETPLACE_TOKEN;
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== "")
    return { token: fromEnvironment.trim(), source: "$MARKETPLACE_TOKEN" };
  const file = credentialsFile();
  const stored = readStoredTokens(file)[endpoint];
  return stored ? { token: stored, source: file } : undefined;
}

/** What to do after the server refused a token (401) or a request (403). */
export function authenticationHint(status: number, token: ApiToken | undefined, endpoint: string): string {
  if (status === 403) return "your account may not do this: check you are logged in with the right account (`marketplace login`)";
  if (!token) return `log in first: \`marketplace login --marketplace-endpoint ${endpoint}\` (or pass --token, or set MARKETPLACE_TOKEN)`;
  return `the token from ${token.source} no longer works: run \`marketplace login --marketplace-endpoint ${endpoint}\` for a new one${
    token.source === "--token" || token.source === "$MARKETPLACE_TOKEN" ? `, or fix ${token.source}` : ""
  }`;
}
