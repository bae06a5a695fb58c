/**
 * The image build over HTTP, end to end, against a production server (the "build" suite): bad recipes
 * refused naming the field, a build followed through its event stream (resumed with Last-Event-ID),
 * its image served with ranges and ETag, its skeletal metadata signed and uploaded, that entry used as
 * the base of a second build (read from the store), a base whose bytes do not match its signed
 * checksum or whose location is a private address refused before any build step, a cancelled build
 * leaving no work files, and the context disks.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createApiToken, createUser } from "@/db";
import { outbox } from "@/db/schema";
import { credentialsOf } from "@/lib/metadata/__tests__/signing-helpers";
import { buildSkeleton } from "@/lib/metadata/image/skeleton";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { signerFor } from "@/db/testing/signed-entries";
import { packageRoot } from "@/lib/metadata/workers/worker-path";
import { request, uploadXml, type Reply } from "./client";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import type { MarketplaceServer } from "./marketplace-server";

const EMAIL = "jane.tester@example.org";
const execFileAsync = promisify(execFile);
let database: FreshDatabase;
let server: MarketplaceServer;
let workDir: string;
const tokens = { jane: "", bob: "" };
/** The first build, which the later tests start from. */
let built: Build;
/** The build from the first one's published entry. */
let secondBuild: Build;

beforeAll(async () => {
  database = await freshDatabase();
  await database.use(async () => {
    const jane = await createUser({ email: EMAIL, password: "a long enough phrase", verified: true });
    const bob = await createUser({ email: "bob@example.org", password: "a long enough phrase", verified: true });
    tokens.jane = (await createApiToken(jane.id, "builds", null)).token;
    tokens.bob = (await createApiToken(bob.id, "builds", null)).token;
  });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "build-work-"));
  server = await database.start({ BUILD_CONCURRENCY: "1", JOB_POLL_MS: "200", BUILD_WORK_DIR: workDir });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await database?.remove();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const auth = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

function postRecipe(recipe: unknown, who: keyof typeof tokens = "jane"): Promise<Reply> {
  return request(`${server.url}/api/v1/builds`, {
    method: "POST",
    headers: { ...auth(who), "Content-Type": "application/json" },
    body: typeof recipe === "string" ? recipe : JSON.stringify(recipe),
  });
}

interface Build {
  id: string;
  status: string;
  stage: string | null;
  error: string | null;
  artifacts: { name: string; format: string; bytes: number; sha1: string; sha256: string; url: string }[];
  metadata: string | null;
}

const getBuild = async (id: string): Promise<Build> =>
  JSON.parse((await request(`${server.url}/api/v1/builds/${id}`, { headers: auth("jane") })).text) as Build;

/** Polls until the build has finished (an overall limit only: no timing is asserted). */
async function finished(id: string): Promise<Build> {
  const deadline = Date.now() + 540_000;
  for (;;) {
    const build = await getBuild(id);
    if (build.status !== "queued" && build.status !== "running") return build;
    if (Date.now() > deadline) throw new Error(`build ${id} still ${build.status} (${build.stage})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The mail with this subject, once the worker has queued it (it does so just after the build ends). */
async function mailTo(to: string, subject: string): Promise<typeof outbox.$inferSelect> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const mails = await database.use(({ db }) => db.select().from(outbox).where(eq(outbox.to, to)));
    const mail = mails.find((m) => m.subject === subject);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail "${subject}"; ${to} has ${JSON.stringify(mails.map((m) => m.subject))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const SCRIPT = '#!/bin/sh\nset -eu\nprintf "%s\\n" "$@" > /etc/marker\n';
const RECIPE = {
  base: { bootstrap: "debian:bookworm" },
  packages: ["hello"],
  scripts: [{ name: "configure.sh", content: SCRIPT, args: ["one", "two words"] }],
  context: [],
  formats: ["qcow2", "tar.zst"],
  metadata: { title: "Hello appliance", os: "Debian", osVersion: "12", version: "1.0" },
};

function fields(reply: Reply): string[] {
  return (JSON.parse(reply.text) as { error: { fields?: { field: string }[] } }).error.fields?.map((f) => f.field) ?? [];
}

describe("the build API", () => {
  it("refuses bad recipes with 400/422 naming the field, and visitors with 401", async () => {
    const cases: [unknown, string][] = [
      [{ ...RECIPE, packages: ["-o"] }, "packages[0]"],
      [{ ...RECIPE, packages: ["a;b"] }, "packages[0]"],
      [{ ...RECIPE, packages: ["../x"] }, "packages[0]"],
      [{ ...RECIPE, packages: Array.from({ length: 10_000 }, (_, i) => `p${i}`) }, "packages"],
      [{ ...RECIPE, colour: "red" }, "recipe"],
      [{ ...RECIPE, repositories: ["deb file:///etc bookworm main"] }, "repositories[0]"],
      [{ ...RECIPE, base: { identifier: "nope" } }, "base.identifier"],
    ];
    for (const [recipe, field] of cases) {
      const reply = await postRecipe(recipe);
      expect(reply.status, JSON.stringify(recipe).slice(0, 80)).toBe(422);
      expect(fields(reply)).toContain(field);
    }
    expect((await postRecipe("{not json")).status).toBe(400);
    const visitor = await request(`${server.url}/api/v1/builds`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(visitor.status).toBe(401);
  });

  it("builds an image, streaming its stages and log as server-sent events that resume", async () => {
    const reply = await postRecipe(RECIPE);
    expect(reply.status).toBe(202);
    const { id } = JSON.parse(reply.text) as { id: string };
    expect(reply.headers.get("location")).toBe(`${server.url}/api/v1/builds/${id}`);
    expect((await request(`${server.url}/api/v1/builds/${id}`, { headers: auth("bob") })).status).toBe(404);

    // Read a little of the stream, leave, and come back with Last-Event-ID: nothing lost, nothing twice.
    const first = await readEvents(id, undefined, 3);
    const rest = await readEvents(id, first.at(-1)!.id);
    const all = [...first, ...rest];
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    const tail = all
      .slice(-8)
      .map((e) => `${e.event}: ${e.data}`)
      .join("\n");
    expect(
      all.filter((e) => e.event === "stage").map((e) => e.data.split(" ")[0]),
      tail,
    ).toEqual(expect.arrayContaining(["resolve-base", "customise", "clean-up", "assemble", "convert", "checksum", "metadata"]));
    expect(all.some((e) => e.event === "log" && e.data.includes("hello"))).toBe(true);
    expect(all.at(-1)).toMatchObject({ event: "status", data: "succeeded" });
    built = await getBuild(id);
    expect(built.status).toBe("succeeded");
    expect(built.artifacts.map((a) => a.format)).toEqual(["qcow2", "tar.zst"]);

    // The owner is told, as the original mailed the result.
    const mail = await mailTo(EMAIL, `Image build ${id} succeeded`);
    expect(mail.kind).toBe("build-result");
    expect(mail.text).toContain(built.artifacts[0]!.sha256);
    expect(mail.text).toContain(`${server.url}/api/v1/builds/${id}/metadata.xml`);
  });

  it("serves the image with range requests, ETag and its content type", async () => {
    const artifact = built.artifacts[0]!;
    const whole = await request(artifact.url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("application/x-qemu-disk");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(createHash("sha256").update(whole.bytes).digest("hex")).toBe(artifact.sha256);
    const etag = whole.headers.get("etag")!;
    const part = await request(artifact.url, { headers: { Range: "bytes=4-11" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 4-11/${artifact.bytes}`);
    expect(part.bytes.equals(whole.bytes.subarray(4, 12))).toBe(true);
    expect((await request(artifact.url, { headers: { Range: `bytes=${artifact.bytes}-` } })).status).toBe(416);
    expect((await request(artifact.url, { headers: { "If-None-Match": etag } })).status).toBe(304);
    expect((await request(`${server.url}/api/v1/builds/${built.id}/artifacts/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  it("gives skeletal metadata that, signed and uploaded, is the base of the next build (read from the store)", async () => {
    const metadata = await request(built.metadata!, { headers: auth("jane") });
    expect(metadata.status).toBe(200);
    expect(metadata.headers.get("content-security-policy")).toContain("sandbox");
    expect(metadata.text).toContain(`<slterms:location>${built.artifacts[0]!.url}</slterms:location>`);
    const signed = signMetadata(metadata.text, credentialsOf(await signerFor(EMAIL)), { email: EMAIL });
    const upload = await uploadXml(server.url, signed);
    expect(upload.status, upload.text).toBe(201);

    const identifier = sha1ToIdentifier(built.artifacts[0]!.sha1);
    const second = await postRecipe({
      ...RECIPE,
      base: { identifier, email: EMAIL },
      packages: [],
      scripts: [{ name: "second.sh", content: "echo second >> /etc/marker\n" }],
      formats: ["raw"],
    });
    expect(second.status).toBe(202);
    const done = await finished((JSON.parse(second.text) as { id: string }).id);
    expect(done.status, done.error ?? "").toBe("succeeded");
    secondBuild = done;
    const image = path.join(server.dataDir, "images", done.id, done.artifacts[0]!.name);
    expect(execFileSync("debugfs", ["-R", "cat /etc/marker", image], { encoding: "utf8" })).toBe("one\ntwo words\nsecond\n");
    const events = await readEvents(done.id, 0);
    expect(events.some((e) => e.data.includes("from this Marketplace's store"))).toBe(true);
    const xml = (await request(done.metadata!, { headers: auth("jane") })).text;
    expect(xml).toMatch(new RegExp(`<build:kind>entry</build:kind>\\s*<build:ref>${identifier}</build:ref>`));
  });

  it("refuses a base whose bytes do not match its signed checksum, or whose location is a private address, before any build step", async () => {
    const real = built.artifacts[0]!;
    const cases: [string, string | undefined, RegExp][] = [
      ["mismatch", real.url, /does not match the entry's signed SHA-1/],
      ["metadata service", "http://169.254.169.254/latest/image.qcow2", /169\.254\.169\.254|not a public address|refused/i],
      ["loopback", "http://127.0.0.1:9/image.qcow2", /127\.0\.0\.1|not a public address|refused/i],
    ];
    for (const [what, location, message] of cases) {
      const sha1 = createHash("sha1").update(what).digest("hex");
      const skeleton = buildSkeleton({
        checksums: { bytes: BigInt(real.bytes), sha1, sha256: real.sha256, identifier: sha1ToIdentifier(sha1) },
        locations: location ? [location] : [],
        format: "qcow2",
        title: `bad base: ${what}`,
      });
      const signed = signMetadata(skeleton, credentialsOf(await signerFor(EMAIL)), { email: EMAIL });
      expect((await uploadXml(server.url, signed)).status).toBe(201);
      const reply = await postRecipe({ ...RECIPE, base: { identifier: sha1ToIdentifier(sha1), email: EMAIL }, formats: ["raw"] });
      const done = await finished((JSON.parse(reply.text) as { id: string }).id);
      expect(done.status).toBe("failed");
      expect(done.error, what).toMatch(message);
      const stages = (await readEvents(done.id, 0)).filter((e) => e.event === "stage").map((e) => e.data.split(" ")[0]);
      expect(stages, what).not.toContain("customise");
    }
  });

  it("cancels a running build and leaves no work files, mounts or processes", async () => {
    const reply = await postRecipe({
      ...RECIPE,
      packages: [],
      scripts: [{ name: "wait.sh", content: "echo waiting-for-cancel\nsleep 300\necho slept-through\n" }],
      formats: ["raw"],
    });
    const { id } = JSON.parse(reply.text) as { id: string };
    // The stream is read until the script says it runs (an overall limit only).
    const seen: ServerEvent[] = [];
    const deadline = Date.now() + 300_000;
    while (!seen.some((e) => e.data.includes("waiting-for-cancel"))) {
      if (Date.now() > deadline) throw new Error("the script never started");
      seen.push(...(await readEvents(id, seen.at(-1)?.id ?? 0, 1)));
    }
    const early = await request(`${server.url}/api/v1/builds/${id}`, { method: "DELETE", headers: auth("jane") });
    expect(early.status).toBe(409);
    expect(early.text).toContain("cancel it first");
    const cancel = await request(`${server.url}/api/v1/builds/${id}/cancel`, { method: "POST", headers: auth("jane") });
    expect(cancel.status).toBe(200);
    const done = await finished(id);
    expect(done.status).toBe("cancelled");
    // The script was stopped where it was: it never got past its sleep, the build never past customise.
    const events = await readEvents(id, 0);
    expect(events.some((e) => e.data.includes("slept-through"))).toBe(false);
    expect(events.filter((e) => e.event === "stage").map((e) => e.data.split(" ")[0])).not.toContain("clean-up");
    expect(fs.readdirSync(workDir)).toEqual([]);
    expect(fs.existsSync(path.join(server.dataDir, "images", id))).toBe(false);
    expect(fs.readFileSync("/proc/mounts", "utf8")).not.toContain(server.dataDir);
    expect(execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })).not.toMatch(/^sleep 300$/m);
    expect((await request(`${server.url}/api/v1/builds/${id}/cancel`, { method: "POST", headers: auth("jane") })).status).toBe(409);
  });

  it("deletes a finished build and its images, for its owner only", async () => {
    const { id } = secondBuild;
    const url = `${server.url}/api/v1/builds/${id}`;
    const image = secondBuild.artifacts[0]!.url;
    expect((await request(image)).status).toBe(200);
    expect((await request(url, { method: "DELETE", headers: auth("bob") })).status).toBe(404);
    expect((await request(url, { method: "DELETE" })).status).toBe(401);
    expect((await request(url, { method: "DELETE", headers: auth("jane") })).status).toBe(204);
    expect((await request(url, { headers: auth("jane") })).status).toBe(404);
    expect((await request(image)).status).toBe(404);
    expect(fs.existsSync(path.join(server.dataDir, "images", id))).toBe(false);
    expect((await request(url, { method: "DELETE", headers: auth("jane") })).status).toBe(404);
  });

  it("makes the context disks: _STRATUSLAB and cidata ISO9660 images", async () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7pZ6nGm6zjbJ6c0rZ5VYwq7Y3u1G3V0bJ7x4a9o1zN tester@example.org";
    for (const [scheme, label] of [
      ["stratuslab", "_STRATUSLAB"],
      ["cloud-init", "cidata"],
    ]) {
      const reply = await request(`${server.url}/api/v1/context-disks`, {
        method: "POST",
        headers: { ...auth("jane"), "Content-Type": "application/json" },
        body: JSON.stringify({ scheme, publicKey: key, ...(scheme === "stratuslab" ? { vars: { SCRIPT_EXEC: "echo hi" } } : {}) }),
      });
      expect(reply.status, reply.text.slice(0, 200)).toBe(200);
      const iso = path.join(server.dataDir, `${scheme}.iso`);
      fs.writeFileSync(iso, reply.bytes);
      expect(execFileSync("blkid", ["-p", iso], { encoding: "utf8" })).toContain(`LABEL="${label}"`);
      expect(execFileSync("blkid", ["-p", iso], { encoding: "utf8" })).toContain('TYPE="iso9660"');
    }
    const bad = await request(`${server.url}/api/v1/context-disks`, {
      method: "POST",
      headers: { ...auth("jane"), "Content-Type": "application/json" },
      body: JSON.stringify({ scheme: "stratuslab", publicKey: 'command="rm -rf /" ssh-rsa AAAA' }),
    });
    expect(bad.status).toBe(422);
    expect(fields(bad)).toContain("PUBLIC_KEY");
  });
});

describe("the CLI", () => {
  const CLI = path.join(packageRoot(), "bin", "marketplace.mjs");
  const cli = (args: string[], cwd: string) =>
    execFileAsync(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: cwd, NODE_ENV: "test", MARKETPLACE_TOKEN: tokens.jane },
      maxBuffer: 16 * 1024 * 1024,
    });

  it("create-image --from-file uploads a VDI, builds from it, shows the :: stages and downloads the image and its metadata", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-build-"));
    try {
      // A VDI holding the first build's filesystem, as VirtualBox users have them.
      const qcow2 = path.join(home, "base.qcow2");
      fs.writeFileSync(qcow2, (await request(built.artifacts[0]!.url)).bytes);
      execFileSync("qemu-img", ["convert", "-f", "qcow2", "-O", "vdi", qcow2, path.join(home, "base.vdi")]);
      fs.writeFileSync(path.join(home, "third.sh"), 'echo "third $1" >> /etc/marker\n');
      const { stdout, stderr } = await cli(
        [
          "create-image",
          "--marketplace-endpoint",
          server.url,
          "--from-file",
          "base.vdi",
          "--scripts",
          "third.sh arg",
          "--title",
          "From a VDI",
          "--author",
          "Jane Tester",
          "--author-email",
          EMAIL,
          "--context",
          "",
          "--format",
          "raw",
          "-o",
          "out",
        ],
        home,
      );
      expect(stderr).toContain(":: Uploading base.vdi");
      expect(stderr).toContain(":: customise");
      const files = fs.readdirSync(path.join(home, "out"));
      const image = files.find((f) => f.endsWith(".img"))!;
      const xml = files.find((f) => f.endsWith(".xml"))!;
      expect(stdout).toContain(path.join(home, "out", xml));
      expect(execFileSync("debugfs", ["-R", "cat /etc/marker", path.join(home, "out", image)], { encoding: "utf8" })).toBe(
        "one\ntwo words\nthird arg\n",
      );
      const metadata = fs.readFileSync(path.join(home, "out", xml), "utf8");
      expect(metadata).toContain("<dcterms:creator>Jane Tester &lt;jane.tester@example.org&gt;</dcterms:creator>");
      expect(metadata).toContain("<build:kind>upload</build:kind>");
      const sha1 = execFileSync("sha1sum", [path.join(home, "out", image)], { encoding: "utf8" }).split(" ")[0]!;
      expect(metadata).toContain(`<dcterms:identifier>${sha1ToIdentifier(sha1)}</dcterms:identifier>`);

      await cli(["context-disk", "--marketplace-endpoint", server.url, "--var", "SCRIPT_EXEC=echo hi", "-o", "ctx.iso"], home);
      expect(execFileSync("blkid", ["-p", path.join(home, "ctx.iso")], { encoding: "utf8" })).toContain('LABEL="_STRATUSLAB"');
      const refused = await cli(
        ["create-image", "--marketplace-endpoint", server.url, "--bootstrap", "debian:bookworm", "-a", "a;b", "--title", "x"],
        home,
      ).catch((error: { code: number; stderr: string }) => error);
      expect((refused as { code: number }).code).not.toBe(0);
      expect((refused as { stderr: string }).stderr).toContain("packages[0]");
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

interface ServerEvent {
  id: number;
  event: string;
  data: string;
}

/** The build's events after `lastId`: until the stream ends, `count` arrived, or `timeoutMs` passed. */
async function readEvents(id: string, lastId?: number, count?: number, timeoutMs = 540_000): Promise<ServerEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: ServerEvent[] = [];
  try {
    const response = await fetch(`${server.url}/api/v1/builds/${id}/events`, {
      headers: { ...auth("jane"), ...(lastId !== undefined ? { "Last-Event-ID": String(lastId) } : {}) },
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += Buffer.from(value).toString("utf8");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split("\n")
            .filter((line) => line.startsWith(`${name}: `))
            .map((line) => line.slice(name.length + 2));
        events.push({ id: Number(field("id")[0]), event: field("event")[0] ?? "message", data: field("data").join("\n") });
        if (count !== undefined && events.length >= count) {
          controller.abort();
          return events;
        }
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  return events;
}
