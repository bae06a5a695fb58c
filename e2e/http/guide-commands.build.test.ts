/**
 * Every command of the guide (/guide, components/guide/guide-content.ts), run as the page shows it, in
 * its order, against a production server with the real build backend (the "build" suite: root,
 * subordinate ids, mmdebstrap): log in at the password prompt, make a context disk and find it by its
 * label, build an image with create-image, describe an image with build-metadata, create a
 * certificate at its prompt, sign, validate and upload, and download the entry's XML with curl. The
 * commands typed inside a machine are run here where the host allows: blkid finds the disk through a
 * loop device; the kernel of this machine has no iso9660 driver, so the mount is the very invocation
 * the boot test runs inside a real guest (guest-agents.ts), and the context file is read from the ISO.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/db";
import { ENDPOINT, GUIDE_COMMANDS, type GuideCommand } from "@/components/guide/guide-content";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import type { MarketplaceServer } from "./marketplace-server";

const EMAIL = "you@example.org";
const PASSWORD = "a long enough phrase";
const P12_PASSWORD = "guide certificate password";
/** The build suite's bootstrap cache, when it ran first (see e2e/create-build.spec.ts). */
const BUILD_SUITE_CACHE = path.join(os.tmpdir(), "marketplace-build-cache");
let database: FreshDatabase;
let server: MarketplaceServer;
let home: string;

beforeAll(async () => {
  database = await freshDatabase();
  await database.use(() => createUser({ email: EMAIL, password: PASSWORD, verified: true }));
  home = fs.mkdtempSync(path.join(os.tmpdir(), "guide-"));
  fs.chmodSync(home, 0o755);
  server = await database.start({ BUILD_CONCURRENCY: "1", JOB_POLL_MS: "200", BUILD_WORK_DIR: path.join(home, ".build-work") });
  if (fs.existsSync(BUILD_SUITE_CACHE)) fs.cpSync(BUILD_SUITE_CACHE, path.join(server.dataDir, "build-cache"), { recursive: true });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await database?.remove();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

const CLI = path.join(packageRoot(), "bin", "marketplace.mjs");

/** The command's argv as the guide shows it, with this server for <endpoint> and the CLI's script for `marketplace`. */
function argvOf(command: GuideCommand, fill: Record<string, string> = {}): string[] {
  const argv = command.argv.map((word) =>
    Object.entries({ [ENDPOINT]: server.url, ...fill }).reduce((text, [from, to]) => text.replaceAll(from, to), word),
  );
  return argv[0] === "marketplace" ? [process.execPath, CLI, ...argv.slice(1)] : argv;
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** The ids of the guide's commands this file has run (or, for the mount, checked). */
const ran = new Set<string>();

/** Runs a guide command in the reader's home directory. */
function run(command: GuideCommand, options: { fill?: Record<string, string> } = {}) {
  ran.add(command.id);
  const argv = argvOf(command, options.fill);
  const result = spawnSync(argv[0]!, argv.slice(1), { cwd: home, env: readerEnv(), encoding: "utf8", timeout: 900_000 });
  const output = `${result.stdout}${result.stderr}`;
  expect(result.status, `${command.id}: ${output}`).toBe(0);
  return output;
}

const readerEnv = () => ({ NODE_ENV: "production" as const, PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home });

/**
 * Runs a guide command at a terminal (a pseudo-terminal by script(1)), typing each answer once its
 * prompt has appeared, as a person does.
 */
async function runAtTerminal(command: GuideCommand, answers: [RegExp, string][]): Promise<string> {
  ran.add(command.id);
  const child = spawn("script", ["-qec", argvOf(command).map(quote).join(" "), "/dev/null"], { cwd: home, env: readerEnv() });
  let output = "";
  let next = 0;
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    while (next < answers.length && answers[next]![0].test(output)) {
      child.stdin.write(`${answers[next]![1]}\n`);
      output = output.replace(answers[next]![0], "");
      next += 1;
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(status, `${command.id}: ${output}`).toBe(0);
  expect(next, `${command.id} did not ask all of ${answers.map(([prompt]) => prompt.source).join(", ")}: ${output}`).toBe(answers.length);
  return output;
}

describe("the guide's commands", () => {
  it("log in at the prompt", async () => {
    await runAtTerminal(GUIDE_COMMANDS.login, [[/password/i, PASSWORD]]);
  });

  it("make a context disk, and find it by its label as a machine does", () => {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(home, "id_ed25519")]);
    run(GUIDE_COMMANDS.contextDisk);
    const iso = path.join(home, "context.iso");
    expect(fs.statSync(iso).size).toBeGreaterThan(0);

    const device = execFileSync("losetup", ["--find", "--show", "--read-only", iso], { encoding: "utf8" }).trim();
    try {
      expect(run(GUIDE_COMMANDS.findDisk)).toMatch(/\/dev\/loop\d+/);
    } finally {
      execFileSync("losetup", ["-d", device]);
    }
    // The boot test's guest agent mounts the disk with these very options, in a real machine.
    const agent = fs.readFileSync(path.join(packageRoot(), "lib/server/build/guest-agents.ts"), "utf8");
    expect(agent).toContain(`${GUIDE_COMMANDS.findDisk.argv.join(" ")} `);
    expect(agent).toContain(`${GUIDE_COMMANDS.mountDisk.argv.slice(0, 5).join(" ")} "$device"`);
    ran.add(GUIDE_COMMANDS.mountDisk.id);
    // What the mount shows, read out of the ISO instead.
    const mnt = path.join(home, "mnt");
    execFileSync("osirrox", ["-indev", iso, "-extract", "/", mnt], { stdio: "pipe" });
    const context = run(GUIDE_COMMANDS.readContext, { fill: { "/mnt": mnt } });
    expect(context).toMatch(/HOSTNAME=.?web1/);
    expect(context).toContain(fs.readFileSync(path.join(home, "id_ed25519.pub"), "utf8").trim().split(" ")[1]);
  });

  it("build an image with create-image, which downloads it and its skeletal metadata", () => {
    fs.writeFileSync(path.join(home, "setup.sh"), "#!/bin/sh\nset -eu\nhello > /etc/hello-said\n");
    run(GUIDE_COMMANDS.createImage);
    const files = fs.readdirSync(home);
    expect(
      files.some((name) => name.endsWith(".qcow2")),
      files.join(" "),
    ).toBe(true);
    expect(
      files.some((name) => name.endsWith(".xml")),
      files.join(" "),
    ).toBe(true);
  }, 1_200_000);

  it("describe an image, create a certificate at the prompt, sign, validate and upload, and download the entry", async () => {
    fs.writeFileSync(path.join(home, "appliance.img"), Buffer.alloc(1024 * 1024, 5));
    run(GUIDE_COMMANDS.buildMetadata);
    const unsigned = fs.readFileSync(path.join(home, "appliance.xml"), "utf8");
    expect(unsigned).toContain("https://images.example.org/appliance.img");

    await runAtTerminal(GUIDE_COMMANDS.createCertificate, [
      [/Password for the new PKCS#12 file:/, P12_PASSWORD],
      [/The same password again:/, P12_PASSWORD],
    ]);
    expect(fs.existsSync(path.join(home, ".globus", "usercert.p12"))).toBe(true);
    await runAtTerminal(GUIDE_COMMANDS.signMetadata, [[/password/i, P12_PASSWORD]]);
    run(GUIDE_COMMANDS.validateMetadata);
    run(GUIDE_COMMANDS.uploadMetadata);

    const identifier = /<dcterms:identifier>([^<]+)</.exec(unsigned)![1]!;
    const listed = (await (await fetch(`${server.url}/api/v1/entries?identifier=${identifier}`)).json()) as {
      items: { email: string; created: string }[];
    };
    expect(listed.items).toHaveLength(1);
    const [entry] = listed.items;
    run(GUIDE_COMMANDS.downloadEntry, { fill: { "<identifier>": identifier, "<email>": entry!.email, "<created>": entry!.created } });
    const downloaded = fs.readFileSync(path.join(home, "entry.xml"), "utf8");
    expect(downloaded).toContain(`<dcterms:identifier>${identifier}</dcterms:identifier>`);
    expect(downloaded).toMatch(/<SignatureValue>[A-Za-z0-9+/=\s]{100,}<\/SignatureValue>/);
  });

  it("left no command of the guide unrun", () => {
    expect([...ran].sort()).toEqual(
      Object.values(GUIDE_COMMANDS)
        .map((command) => command.id)
        .sort(),
    );
  });
});
