import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressPolicy } from "@/lib/http/outbound/address-policy";
import { checkLocation, type ExpectedImage } from "./check-location";

const image = randomBytes(3 * 1024 * 1024 + 17);
const changed = Buffer.from(image);
changed[1_234_567] = changed[1_234_567]! ^ 0x01;
const gzipped = zlib.gzipSync(image);

const digest = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest("hex");
const expected: ExpectedImage = {
  bytes: String(image.length),
  checksums: [
    { algorithm: "MD5", value: digest("md5", image) },
    { algorithm: "SHA-1", value: digest("sha1", image) },
    // The format allows upper case and leading zeros: compared as a number.
    { algorithm: "SHA-256", value: `00${digest("sha256", image).toUpperCase()}` },
    { algorithm: "SHA-512", value: digest("sha512", image) },
  ],
};

const bodies: Record<string, Buffer> = {
  "/intact.img": image,
  "/truncated.img": image.subarray(0, image.length - 4096),
  "/changed.img": changed,
  "/longer.img": Buffer.concat([image, Buffer.from("trailing")]),
  "/intact.img.gz": gzipped,
  "/truncated.img.gz": gzipped.subarray(0, gzipped.length - 100),
  "/intact.img.bz2": execFileSync("bzip2", ["-c"], { input: image, maxBuffer: 64 * 1024 * 1024 }),
  "/intact.img.xz": execFileSync("xz", ["-c", "-0"], { input: image, maxBuffer: 64 * 1024 * 1024 }),
};
const requests: string[] = [];

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(`${req.method} ${path}`);
    if (path === "/no-head.img" && req.method === "HEAD") return res.writeHead(405).end();
    if (path === "/no-head.img") return res.end(image);
    if (path === "/lying-length.img") {
      res.writeHead(200, { "Content-Length": String(image.length - 1) });
      return res.end(req.method === "HEAD" ? undefined : image.subarray(0, image.length - 1));
    }
    if (path === "/moved.img") return res.writeHead(302, { Location: "/intact.img" }).end();
    const body = bodies[path];
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Length": String(body.length) });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const options = { policy: addressPolicy(["127.0.0.1/32"]), maxBytes: 64 * 1024 * 1024, bytesPerSecond: 1024 ** 3 };

describe("checking an image at its web location", () => {
  it("passes the intact image, every stated digest recomputed", async () => {
    const finding = await checkLocation(`${base}/intact.img`, expected, options);
    expect(finding).toMatchObject({ outcome: "verified", httpStatus: 200, bytes: String(image.length) });
    expect(finding.detail).toContain("MD5, SHA-1, SHA-256, SHA-512 match");
  });

  it("flags a truncated image as a size mismatch", async () => {
    const finding = await checkLocation(`${base}/truncated.img`, expected, options);
    expect(finding).toMatchObject({ outcome: "size-mismatch" });
    expect(finding.detail).toBe(`is ${image.length - 4096} bytes (Content-Length), the entry says ${image.length}`);
  });

  it("finds a truncation the server does not announce, by counting the bytes", async () => {
    const finding = await checkLocation(`${base}/no-head.img`, { ...expected, bytes: String(image.length + 1) }, options);
    expect(finding).toMatchObject({ outcome: "size-mismatch", detail: `is ${image.length} bytes, the entry says ${image.length + 1}` });
  });

  it("flags one changed byte as a checksum mismatch, naming the first digest that differs", async () => {
    const finding = await checkLocation(`${base}/changed.img`, expected, options);
    expect(finding).toMatchObject({
      outcome: "checksum-mismatch",
      detail: "its MD5 differs from the signed one",
      bytes: String(image.length),
    });
  });

  it("stops reading an image longer than signed at the first extra byte", async () => {
    const finding = await checkLocation(`${base}/longer.img`, { ...expected, bytes: String(image.length) }, options);
    expect(finding.outcome).toBe("size-mismatch");
  });

  it("flags a 404 as a broken link without downloading anything", async () => {
    requests.length = 0;
    const finding = await checkLocation(`${base}/gone.img`, expected, options);
    expect(finding).toEqual({ location: `${base}/gone.img`, outcome: "unreachable", httpStatus: 404, detail: "answered 404 Not Found" });
    expect(requests).toEqual(["HEAD /gone.img"]);
  });

  it("asks with a GET when the server does not implement HEAD, and follows redirects", async () => {
    expect((await checkLocation(`${base}/no-head.img`, expected, options)).outcome).toBe("verified");
    expect((await checkLocation(`${base}/moved.img`, expected, options)).outcome).toBe("verified");
  });

  it("decompresses a gzip image as the entry says, and calls a damaged stream a mismatch", async () => {
    const gz = { ...expected, compression: "gz" };
    expect((await checkLocation(`${base}/intact.img.gz`, gz, options)).outcome).toBe("verified");
    const damaged = await checkLocation(`${base}/truncated.img.gz`, gz, options);
    expect(damaged.outcome).toBe("checksum-mismatch");
    expect(damaged.detail).toContain("is not a valid gzip file");
  });

  it("decompresses bzip2 and xz images with the system tools, fed from the download", async () => {
    expect((await checkLocation(`${base}/intact.img.bz2`, { ...expected, compression: "bz2" }, options)).outcome).toBe("verified");
    expect((await checkLocation(`${base}/intact.img.xz`, { ...expected, compression: "xz" }, options)).outcome).toBe("verified");
    // The wrong decoder for the bytes: the image is not the one signed.
    expect((await checkLocation(`${base}/intact.img.gz`, { ...expected, compression: "xz" }, options)).outcome).toBe("checksum-mismatch");
  });

  it("only checks the answer and the size of an image over the cap, or in a compression it cannot decode", async () => {
    requests.length = 0;
    const capped = await checkLocation(`${base}/intact.img`, expected, { ...options, maxBytes: 1024 });
    expect(capped).toMatchObject({ outcome: "reachable", httpStatus: 200 });
    expect(capped.detail).toContain("over this site's cap of 1024 bytes");
    const zip = await checkLocation(`${base}/intact.img.gz`, { ...expected, compression: "zip" }, options);
    expect(zip).toMatchObject({ outcome: "reachable", detail: expect.stringContaining('compression "zip" cannot be decoded here') });
    expect(requests).toEqual(["HEAD /intact.img", "HEAD /intact.img.gz"]);
  });

  it("believes the bytes over a lying Content-Length", async () => {
    const finding = await checkLocation(`${base}/lying-length.img`, expected, options);
    expect(finding.outcome).toBe("size-mismatch");
  });

  it("keeps to the SSRF rules: this machine is not fetched unless the site allows it", async () => {
    const finding = await checkLocation(`${base}/intact.img`, expected, { ...options, policy: addressPolicy() });
    expect(finding).toMatchObject({ outcome: "unreachable", detail: expect.stringContaining("loopback") });
    const bad = await checkLocation("ftp://example.org/image.img", expected, options);
    expect(bad).toMatchObject({ outcome: "unreachable", detail: "only http and https URLs are fetched, not ftp:" });
  });

  it("calls a server that cannot be reached unreachable, with the reason", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const finding = await checkLocation(`http://127.0.0.1:${port}/x.img`, expected, options);
    expect(finding).toMatchObject({ outcome: "unreachable", detail: expect.stringContaining("could not be reached") });
  });
});
