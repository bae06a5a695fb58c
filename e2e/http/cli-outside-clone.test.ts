/**
 * The `marketplace` command as the README installs it (`npm link` in the clone) and as a user runs it:
 * from a directory of their own, far from the clone, against a production server. build-metadata,
 * sign-metadata and upload-metadata take paths relative to that directory and write next to the
 * user's files, nothing lands in the clone, and the default endpoint follows PORT as `npm start` does.
 */
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { createTestLeaf, toPkcs12 } from "@/lib/metadata/pki/testing/test-pki";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { request } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";

const run = promisify(execFile);
const PASSWORD = "n3wcomer";
const EMAIL = "newcomer@example.net";
const DRAFT = "Ubuntu-24.04-x86_64-base-1.0.xml";

let server: MarketplaceServer;
let prefix: string;
let user: string;
let home: string;

/** `marketplace ...` found on PATH, as a shell finds it, run in the user's directory. */
async function marketplace(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "test",
    PATH: `${path.join(prefix, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    HOME: home,
    PORT: new URL(server.url).port,
    STRATUSLAB_P12_PASSWORD: PASSWORD,
  };
  try {
    const { stdout, stderr } = await run("marketplace", args, { cwd: user, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  server = await startMarketplace();
  // `npm link` as the README says, into a global prefix of this test's own.
  prefix = fs.mkdtempSync(path.join(os.tmpdir(), "cli-prefix-"));
  fs.mkdirSync(path.join(prefix, "lib"));
  execFileSync("npm", ["link", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: packageRoot(),
    env: {
      NODE_ENV: "test",
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      npm_config_prefix: prefix,
      npm_config_update_notifier: "false",
    },
    stdio: "pipe",
  });
  user = fs.mkdtempSync(path.join(os.tmpdir(), "cli-user-"));
  home = path.join(user, "home");
  fs.mkdirSync(path.join(user, "images"));
  fs.mkdirSync(path.join(home, ".globus"), { recursive: true });
  const signer = await createTestLeaf({ subject: "CN=New Comer", email: EMAIL });
  fs.writeFileSync(path.join(home, ".globus", "usercert.p12"), toPkcs12(signer, PASSWORD));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  for (const dir of [prefix, user]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("marketplace from a directory outside the clone", () => {
  it("is installed by npm link and runs outside the clone", async () => {
    expect(fs.readlinkSync(path.join(prefix, "bin", "marketplace"))).toMatch(/bin\/marketplace\.mjs$/);
    expect(path.relative(packageRoot(), user).startsWith("..")).toBe(true);
    expect((await marketplace(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("builds, signs and uploads, writing next to the user's files and never into the clone", async () => {
    const image = path.join(user, "images", "disk.img");
    fs.writeFileSync(image, Buffer.alloc(64 * 1024, 5));
    const sha1 = execFileSync("sha1sum", [image], { encoding: "utf8" }).split(" ")[0] as string;

    const built = await marketplace([
      "build-metadata",
      "images/disk.img",
      "--os",
      "Ubuntu",
      "--os-version",
      "24.04",
      "--os-arch",
      "x86_64",
      "--image-version",
      "1.0",
      "--location",
      "https://images.example.org/disk.img",
      "--title",
      "Newcomer disk",
    ]);
    expect(built.stderr).not.toContain("marketplace:");
    expect(built.code).toBe(0);
    const draft = path.join(user, "images", DRAFT);
    expect(built.stdout).toBe(`${draft}\n`);

    const signed = await marketplace(["sign-metadata", `images/${DRAFT}`]);
    expect(signed).toEqual({ code: 0, stdout: `Metadata file successfully signed: ${draft}\n`, stderr: "" });
    expect(fs.readdirSync(path.join(user, "images")).sort()).toEqual([DRAFT, `${DRAFT}.orig`, "disk.img"]);

    // No endpoint given: PORT, as npm start reads it, says where the server is.
    const uploaded = await marketplace(["upload-metadata", `images/${DRAFT}`]);
    expect(uploaded.stderr).toBe("");
    expect(uploaded.code).toBe(0);
    const identifier = sha1ToIdentifier(sha1);
    const port = new URL(server.url).port;
    expect(uploaded.stdout).toMatch(
      new RegExp(`^http://localhost:${port}/metadata/${identifier}/${EMAIL}/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\n$`),
    );
    const stored = await request(`${server.url}/metadata/${identifier}`, { headers: { Accept: "application/xml" } });
    expect(stored.status).toBe(200);
    expect(stored.text).toContain("<dcterms:title>Newcomer disk</dcterms:title>");

    for (const name of [DRAFT, `${DRAFT}.orig`]) expect(fs.existsSync(path.join(packageRoot(), name))).toBe(false);
    expect(fs.readdirSync(user).sort()).toEqual(["home", "images"]);
  }, 60_000);
});
