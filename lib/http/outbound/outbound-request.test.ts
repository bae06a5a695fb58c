import http from "node:http";
import type { AddressInfo } from "node:net";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressPolicy } from "./address-policy";
import { outboundRequest } from "./outbound-request";

let server: http.Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/image") return res.end("image bytes");
    if (url.pathname === "/big") return res.end("x".repeat(10_000));
    if (url.pathname === "/to") {
      res.writeHead(302, { Location: url.searchParams.get("url") ?? "/" });
      return res.end();
    }
    if (url.pathname === "/loop") {
      res.writeHead(301, { Location: "/loop" });
      return res.end();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const publicOnly = addressPolicy();
const loopbackV4 = addressPolicy(["127.0.0.1/32"]);

describe("a request to a URL a user gave", () => {
  it("refuses this machine by its address and by a name that resolves to it (422), before any byte is sent", async () => {
    await expect(outboundRequest(`${base}/image`, { policy: publicOnly })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("loopback"),
    });
    await expect(outboundRequest(`http://localhost:${port}/image`, { policy: publicOnly })).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/^localhost:\d+ is not fetched: .* loopback/),
    });
    await expect(outboundRequest("http://169.254.169.254/latest/meta-data/", { policy: publicOnly })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("metadata service"),
    });
    await expect(outboundRequest(`http://[::ffff:127.0.0.1]:${port}/image`, { policy: publicOnly })).rejects.toMatchObject({ status: 422 });
  });

  it("fetches what the policy allows", async () => {
    const response = await outboundRequest(`${base}/image`, { policy: loopbackV4 });
    expect([response.status, await text(response.body)]).toEqual([200, "image bytes"]);
  });

  it("checks every redirect again: an allowed server cannot send the request to a refused address", async () => {
    const followed = await outboundRequest(`${base}/to?url=/image`, { policy: loopbackV4 });
    expect([followed.url, await text(followed.body)]).toEqual([`${base}/image`, "image bytes"]);
    for (const target of ["http://169.254.169.254/latest/meta-data/", `http://[::1]:${port}/image`, "http://10.0.0.1/"])
      await expect(outboundRequest(`${base}/to?url=${encodeURIComponent(target)}`, { policy: loopbackV4 }), target).rejects.toMatchObject({
        status: 422,
      });
    await expect(
      outboundRequest(`${base}/to?url=${encodeURIComponent("file:///etc/passwd")}`, { policy: loopbackV4 }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("only http and https"),
    });
    await expect(outboundRequest(`${base}/loop`, { policy: loopbackV4 })).rejects.toMatchObject({
      status: 502,
      message: expect.stringContaining("redirected more than 5 times"),
    });
  });

  it("refuses other schemes and credentials in the URL, and cuts a body over the limit (413)", async () => {
    await expect(outboundRequest("ftp://images.example.org/a.img", { policy: publicOnly })).rejects.toMatchObject({ status: 422 });
    await expect(outboundRequest(`http://user:secret@127.0.0.1:${port}/image`, { policy: loopbackV4 })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("user name or password"),
    });
    await expect(outboundRequest("not a url", { policy: publicOnly })).rejects.toMatchObject({ status: 422 });
    const big = await outboundRequest(`${base}/big`, { policy: loopbackV4, maxBytes: 1000 });
    await expect(text(big.body)).rejects.toMatchObject({ status: 413 });
  });

  it("answers 502 for a server that cannot be reached", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(outboundRequest(`http://127.0.0.1:${closedPort}/`, { policy: loopbackV4 })).rejects.toMatchObject({ status: 502 });
  });
});
