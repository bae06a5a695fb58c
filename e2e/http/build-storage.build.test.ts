/**
 * Where built images are kept, and how much (the "build" suite): with S3_URL a build's images go to
 * the bucket (here s3rver, an S3-compatible server on 127.0.0.1) and nothing stays in DATA_DIR; the
 * artifact URL serves them from there with ranges, and deleting the build empties the bucket. A build
 * that would take its owner past BUILD_USER_QUOTA_BYTES fails, naming the figures, and keeps nothing.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createUser } from "@/db";
import { builds } from "@/db/schema";
import { request } from "./client";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import type { MarketplaceServer } from "./marketplace-server";

const QUOTA = 10 * 1024 ** 3;
const BUCKET = "built-images";
let database: FreshDatabase;
let server: MarketplaceServer;
let s3: S3rver;
let client: S3Client;
let workDir: string;
let scratch: string;
const tokens = { jane: "", carol: "" };

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "build-storage-"));
  s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: path.join(scratch, "s3") });
  const { port } = await s3.run();
  const endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));

  database = await freshDatabase();
  await database.use(async ({ db }) => {
    const jane = await createUser({ email: "jane@example.org", password: "a long enough phrase", verified: true });
    const carol = await createUser({ email: "carol@example.org", password: "a long enough phrase", verified: true });
    tokens.jane = (await createApiToken(jane.id, "builds", null)).token;
    tokens.carol = (await createApiToken(carol.id, "builds", null)).token;
    // Carol's earlier builds keep all but a few bytes of her quota.
    await db.insert(builds).values({
      id: "b_carolsEarlierOne",
      ownerId: carol.id,
      status: "succeeded",
      baseUrl: "http://127.0.0.1/",
      recipe: {},
      bytesStored: QUOTA - 4096,
    });
  });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "build-work-"));
  server = await database.start({
    BUILD_CONCURRENCY: "1",
    JOB_POLL_MS: "200",
    BUILD_WORK_DIR: workDir,
    BUILD_USER_QUOTA_BYTES: String(QUOTA),
    S3_URL: `${endpoint}/${BUCKET}/marketplace/`,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
  });
}, 180_000);

afterAll(async () => {
  if (process.env.SHOW_SERVER_OUTPUT) console.log(server?.output());
  await server?.stop();
  await database?.remove();
  await s3?.close();
  for (const dir of [workDir, scratch]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const auth = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

interface Build {
  id: string;
  status: string;
  stage: string | null;
  error: string | null;
  artifacts: { name: string; bytes: number; sha256: string; url: string }[];
}

async function build(who: keyof typeof tokens): Promise<string> {
  const reply = await request(`${server.url}/api/v1/builds`, {
    method: "POST",
    headers: { ...auth(who), "Content-Type": "application/json" },
    body: JSON.stringify({
      base: { bootstrap: "debian:bookworm" },
      scripts: [{ name: "mark.sh", content: `echo ${who} > /etc/marker\n` }],
      context: [],
      formats: ["qcow2"],
      metadata: { title: `${who}'s appliance`, os: "Debian", osVersion: "12", version: "1.0" },
    }),
  });
  expect(reply.status, reply.text).toBe(202);
  return (JSON.parse(reply.text) as { id: string }).id;
}

/** Polls until the build has finished (an overall limit only: no timing is asserted). */
async function finished(id: string, who: keyof typeof tokens): Promise<Build> {
  const deadline = Date.now() + 540_000;
  for (;;) {
    const build = JSON.parse((await request(`${server.url}/api/v1/builds/${id}`, { headers: auth(who) })).text) as Build;
    if (build.status !== "queued" && build.status !== "running") return build;
    if (Date.now() > deadline) throw new Error(`build ${id} still ${build.status} (${build.stage})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function keysOf(id: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `marketplace/images/${id}/` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? "");
}

describe("built images in an S3 bucket, and the quota", () => {
  it("keeps the images in the bucket, serves them from there with ranges, and deleting the build empties it", async () => {
    const done = await finished(await build("jane"), "jane");
    expect(done.status, done.error ?? "").toBe("succeeded");
    const artifact = done.artifacts[0]!;
    expect(await keysOf(done.id)).toEqual([`marketplace/images/${done.id}/${artifact.name}`]);
    expect(fs.existsSync(path.join(server.dataDir, "images", done.id))).toBe(false);

    const whole = await request(artifact.url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("etag")).toBe(`"${artifact.sha256}"`);
    expect(createHash("sha256").update(whole.bytes).digest("hex")).toBe(artifact.sha256);
    const part = await request(artifact.url, { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${artifact.bytes}`);
    expect(part.bytes.equals(whole.bytes.subarray(100, 200))).toBe(true);

    expect((await request(`${server.url}/api/v1/builds/${done.id}`, { method: "DELETE", headers: auth("jane") })).status).toBe(204);
    expect(await keysOf(done.id)).toEqual([]);
    expect((await request(artifact.url)).status).toBe(404);
  });

  it("fails a build that would pass its owner's quota, naming the figures, and keeps nothing of it", async () => {
    const done = await finished(await build("carol"), "carol");
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/the images would take \d+\.\d GiB of your 10\.0 GiB quota: delete older builds first/);
    expect(done.artifacts).toEqual([]);
    expect(await keysOf(done.id)).toEqual([]);
    expect(fs.readdirSync(workDir)).toEqual([]);
  });
});
