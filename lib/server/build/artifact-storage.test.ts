/**
 * Both places built images can live, held to one contract: what the pipeline wrote is kept, served
 * whole and by byte range, found behind our own artifact URL (and only there), and removed. The S3
 * store runs against s3rver, a local S3-compatible server on 127.0.0.1.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { byteResponse } from "@/lib/http/file-response";
import { localArtifact, type ArtifactStorage } from "./artifact-storage";
import { fileStorage } from "./artifact-storage-files";
import { s3Storage } from "./artifact-storage-s3";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "artifact-storage-"));
const savedDataDir = env.dataDir;
const savedS3 = env.S3_URL;
const savedKeys = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
let server: S3rver;
let endpoint = "";

beforeAll(async () => {
  env.dataDir = path.join(scratch, "data");
  // s3rver's fixed credentials; the store takes them from where the SDK looks.
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: path.join(scratch, "s3") });
  const { port } = (await server.run()) as { port: number };
  endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  await client.send(new CreateBucketCommand({ Bucket: "built-images" }));
});

afterAll(async () => {
  env.dataDir = savedDataDir;
  env.S3_URL = savedS3;
  for (const [name, value] of [
    ["AWS_ACCESS_KEY_ID", savedKeys.id],
    ["AWS_SECRET_ACCESS_KEY", savedKeys.secret],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await server.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const buildId = () => `b_${randomBytes(12).toString("base64url")}`;
const NAME = "image-0123456789ab.qcow2";

const stores: [string, () => { storage: ArtifactStorage; s3Url?: string }][] = [
  ["files", () => ({ storage: fileStorage() })],
  [
    "an S3 bucket",
    () => {
      const s3Url = `${endpoint}/built-images/market/`;
      return { storage: s3Storage({ endpoint, bucket: "built-images", prefix: "market/" }), s3Url };
    },
  ],
];

describe.each(stores)("built images kept as %s", (_kind, make) => {
  it("keeps what the pipeline wrote, serves it whole and by range, then removes it", async () => {
    const { storage, s3Url } = make();
    env.S3_URL = s3Url;
    const id = buildId();
    const work = fs.mkdtempSync(path.join(scratch, "work-"));
    const dir = storage.outputDir(id, work);
    fs.mkdirSync(dir, { recursive: true });
    // Several multipart parts' worth is not needed to prove the contract; odd bytes are.
    const bytes = randomBytes(300_001);
    fs.writeFileSync(path.join(dir, NAME), bytes);
    await storage.keep(id, dir, [NAME]);
    // The work directory goes when the build ends: what is kept must not depend on it.
    fs.rmSync(work, { recursive: true, force: true });

    const source = await storage.source(id, NAME);
    expect(source?.size).toBe(bytes.length);
    expect((await buffer(await source!.open(10, 19))).equals(bytes.subarray(10, 20))).toBe(true);
    const whole = await byteResponse(new Request("http://127.0.0.1/x"), source!, {
      contentType: "application/x-qemu-disk",
      etag: "e",
      fileName: NAME,
    });
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const ranged = await byteResponse(new Request("http://127.0.0.1/x", { headers: { Range: "bytes=1000-1999" } }), source!, {
      contentType: "application/x-qemu-disk",
      etag: "e",
      fileName: NAME,
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);

    // Behind our artifact URL, on our origin only; anything else is not ours to read.
    const url = `https://mp.example.org/api/v1/builds/${id}/artifacts/${NAME}`;
    expect((await localArtifact(url, ["https://mp.example.org/"]))?.size).toBe(bytes.length);
    expect(await localArtifact(url, ["https://elsewhere.example.org/"])).toBeUndefined();
    expect(
      await localArtifact(`https://mp.example.org/api/v1/builds/${id}/artifacts/..%2F..%2Fauth-secret`, ["https://mp.example.org/"]),
    ).toBeUndefined();
    expect(await storage.source(id, "image-0123456789ab.img")).toBeUndefined();
    expect(await storage.source(buildId(), NAME)).toBeUndefined();

    await storage.remove(id);
    expect(await storage.source(id, NAME)).toBeUndefined();
    await storage.remove(id); // nothing left to remove is not an error
    env.S3_URL = savedS3;
  });
});
