/** How `login`, `logout`, `create-certificate` and the uploading commands read their command lines. */
import os from "node:os";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { createProgram } from "./program";

/** Parses `args` for `name` without running it: the action is replaced by one that records the options. */
async function optionsOf(name: string, args: string[]): Promise<Record<string, unknown>> {
  const program = createProgram();
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  const command = program.commands.find((c) => c.name() === name) as Command;
  command.exitOverride();
  let seen: Record<string, unknown> = {};
  command.action((...received: unknown[]) => {
    seen = (received.at(-1) as Command).opts();
  });
  await program.parseAsync(["node", "marketplace", name, ...args]);
  return seen;
}

describe("the command lines of the account commands", () => {
  it("login: email and --password-stdin, a token name defaulting to the host, an expiry in whole days", async () => {
    expect(await optionsOf("login", [])).toEqual({ name: `cli on ${os.hostname()}` });
    expect(
      await optionsOf("login", ["--email", "jane@example.org", "--password-stdin", "--name", "ci", "--expires-in-days", "30"]),
    ).toEqual({ email: "jane@example.org", passwordStdin: true, name: "ci", expiresInDays: 30 });
    for (const bad of ["0", "1.5", "x", "100000"]) {
      await expect(optionsOf("login", ["--expires-in-days", bad])).rejects.toThrow(/a whole number of days/);
    }
    await expect(optionsOf("login", ["--password", "secret"])).rejects.toThrow(/unknown option '--password'/);
  });

  it("create-certificate: RSA and 365 days by default, --key rsa|ec only, --out, --force, --password-stdin", async () => {
    expect(await optionsOf("create-certificate", ["--email", "j@example.org", "--name", "Jane"])).toEqual({
      email: "j@example.org",
      name: "Jane",
      key: "rsa",
      days: 365,
    });
    expect(
      await optionsOf("create-certificate", [
        "--email",
        "j@example.org",
        "--name",
        "J",
        "--out",
        "c.p12",
        "--force",
        "--password-stdin",
        "--days",
        "30",
      ]),
    ).toMatchObject({ out: "c.p12", force: true, passwordStdin: true, days: 30 });
    await expect(optionsOf("create-certificate", ["--key", "dsa"])).rejects.toThrow(/Allowed choices are rsa, ec/);
    await expect(optionsOf("create-certificate", ["--days", "0"])).rejects.toThrow(/a whole number of days/);
  });

  it("upload-metadata, deprecate-metadata and logout take --token", async () => {
    expect(await optionsOf("upload-metadata", ["f.xml", "--token", "mkt_x"])).toEqual({ token: "mkt_x" });
    expect(await optionsOf("deprecate-metadata", ["id", "--token", "mkt_x"])).toMatchObject({ token: "mkt_x" });
    expect(await optionsOf("logout", ["--token", "mkt_x", "--keep-token"])).toEqual({ token: "mkt_x", keepToken: true });
  });
});
