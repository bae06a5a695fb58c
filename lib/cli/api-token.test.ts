/** The CLI's stored tokens: owner-only file and directory, XDG_CONFIG_HOME, and which token a request sends. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authenticationHint, credentialsFile, readStoredTokens, removeToken, resolveToken, storeToken } from "./api-token";

const KEYS = ["HOME", "XDG_CONFIG_HOME", "MARKETPLACE_TOKEN"] as const;
let saved: Record<string, string | undefined>;
let home: string;
const ENDPOINT = "http://localhost:3000";

beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  for (const key of KEYS) delete process.env[key];
  home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-token-"));
  process.env.HOME = home;
});

afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  fs.rmSync(home, { recursive: true, force: true });
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("the credentials file", () => {
  it("is ~/.config/marketplace/credentials, or under $XDG_CONFIG_HOME when that is an absolute path", () => {
    expect(credentialsFile()).toBe(path.join(home, ".config", "marketplace", "credentials"));
    process.env.XDG_CONFIG_HOME = path.join(home, "xdg");
    expect(credentialsFile()).toBe(path.join(home, "xdg", "marketplace", "credentials"));
    process.env.XDG_CONFIG_HOME = "relative/dir"; // the spec says to ignore a relative one
    expect(credentialsFile()).toBe(path.join(home, ".config", "marketplace", "credentials"));
  });

  it("is written 0600 in a 0700 directory, whatever the umask, one token per endpoint", () => {
    const previous = process.umask(0o022);
    try {
      storeToken(ENDPOINT, "mkt_first");
      storeToken("https://other.example", "mkt_other");
      storeToken(ENDPOINT, "mkt_second");
    } finally {
      process.umask(previous);
    }
    const file = credentialsFile();
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ [ENDPOINT]: "mkt_second", "https://other.example": "mkt_other" });
    expect(fs.readdirSync(path.dirname(file))).toEqual(["credentials"]);
  });

  it("tightens a directory and file that were readable by others", () => {
    const file = credentialsFile();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
    fs.chmodSync(path.dirname(file), 0o755);
    fs.writeFileSync(file, "{}", { mode: 0o644 });
    storeToken(ENDPOINT, "mkt_x");
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
  });

  it("forgets one endpoint's token and keeps the others", () => {
    storeToken(ENDPOINT, "mkt_a");
    storeToken("https://other.example", "mkt_b");
    expect(removeToken(ENDPOINT)).toBe(true);
    expect(removeToken(ENDPOINT)).toBe(false);
    expect(readStoredTokens()).toEqual({ "https://other.example": "mkt_b" });
    expect(mode(credentialsFile())).toBe(0o600);
  });

  it("says what to do with a file that is not a JSON object", () => {
    fs.mkdirSync(path.dirname(credentialsFile()), { recursive: true });
    fs.writeFileSync(credentialsFile(), "token=abc");
    expect(() => readStoredTokens()).toThrow(/not valid JSON: remove it and run `marketplace login` again/);
    fs.writeFileSync(credentialsFile(), "[]");
    expect(() => readStoredTokens()).toThrow(/must be a JSON object/);
  });
});

describe("which token a request sends", () => {
  it("takes --token, then $MARKETPLACE_TOKEN, then the stored token of that endpoint, else none", () => {
    expect(resolveToken(undefined, ENDPOINT)).toBeUndefined();
    storeToken(ENDPOINT, "mkt_stored");
    expect(resolveToken(undefined, "https://other.example")).toBeUndefined();
    expect(resolveToken(undefined, ENDPOINT)).toEqual({ token: "mkt_stored", source: credentialsFile() });
    process.env.MARKETPLACE_TOKEN = "mkt_env";
    expect(resolveToken(undefined, ENDPOINT)).toEqual({ token: "mkt_env", source: "$MARKETPLACE_TOKEN" });
    expect(resolveToken("mkt_option", ENDPOINT)).toEqual({ token: "mkt_option", source: "--token" });
    process.env.MARKETPLACE_TOKEN = "";
    expect(resolveToken(undefined, ENDPOINT)?.source).toBe(credentialsFile());
    expect(() => resolveToken(" ", ENDPOINT)).toThrow(/--token is empty/);
  });

  it("says in plain words what to do after a 401 or 403", () => {
    expect(authenticationHint(401, undefined, ENDPOINT)).toMatch(
      /^log in first: `marketplace login --marketplace-endpoint http:\/\/localhost:3000`/,
    );
    expect(authenticationHint(401, { token: "t", source: "$MARKETPLACE_TOKEN" }, ENDPOINT)).toMatch(
      /the token from \$MARKETPLACE_TOKEN no longer works: run `marketplace login [^`]*` for a new one, or fix \$MARKETPLACE_TOKEN/,
    );
    expect(authenticationHint(403, { token: "t", source: "--token" }, ENDPOINT)).toMatch(/may not do this.*marketplace login/);
  });
});
