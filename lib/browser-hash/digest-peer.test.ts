/**
 * Digests shared between workers: the plan covers every digest once and balances the cost, and an
 * image hashed with peers over real MessagePorts (Node's, as the browser's) gives the same digests
 * as node:crypto, in blocks that cross chunk boundaries, with a slow peer holding the reader back
 * and a failing peer failing the whole hash.
 */
import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { digestPeer, serveDigests, type Port } from "./digest-peer";
import { DIGEST_NAMES, planDigestGroups, type DigestName } from "./digests";
import { hashImage } from "./hash-stream";

const IMAGE = Buffer.concat([randomBytes(2 * 1024 * 1024 + 12345), Buffer.alloc(1024 * 1024, 7)]);
const hex = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest("hex");
// A Blob of many uneven parts, so the stream's chunks are not the blocks.
const parts = (bytes: Buffer) =>
  new Blob(Array.from({ length: Math.ceil(bytes.length / 70001) }, (_, i) => new Uint8Array(bytes.subarray(i * 70001, (i + 1) * 70001))));

function peersFor(groups: DigestName[][]) {
  return groups.map((names) => {
    const channel = new MessageChannel();
    serveDigests(channel.port2 as unknown as Port, names);
    return digestPeer(channel.port1 as unknown as Port, names);
  });
}

describe("sharing the digests between workers", () => {
  it("plans every digest exactly once, in at most as many groups as workers, the reader's the lightest", () => {
    for (const workers of [0, 1, 2, 3, 4, 8, Number.NaN]) {
      const groups = planDigestGroups(workers);
      expect(groups.length).toBe(Math.max(1, Math.min(4, workers || 1)));
      expect(groups.flat().sort()).toEqual([...DIGEST_NAMES].sort());
    }
    expect(planDigestGroups(1)[0]!.sort()).toEqual([...DIGEST_NAMES].sort());
    // Longest first, each to the lighter group: SHA-256 and SHA-1 against MD5 and SHA-512.
    expect(planDigestGroups(2)).toEqual([
      ["md5", "sha512"],
      ["sha256", "sha1"],
    ]);
  });

  it("gives node:crypto's digests with peers, raw and gzip, for every plan", async () => {
    for (const workers of [2, 3, 4]) {
      const [, ...shared] = planDigestGroups(workers);
      for (const file of [IMAGE, gzipSync(IMAGE)]) {
        const result = await hashImage(parts(file), { peers: peersFor(shared) });
        expect(result, `${workers} workers`).toMatchObject({
          bytes: IMAGE.length,
          md5: hex("md5", IMAGE),
          sha1: hex("sha1", IMAGE),
          sha256: hex("sha256", IMAGE),
          sha512: hex("sha512", IMAGE),
        });
      }
    }
  });

  it("hands each block's buffer over and back, the same memory, without a copy", async () => {
    const channel = new MessageChannel();
    serveDigests(channel.port2 as unknown as Port, ["md5"]);
    const peer = digestPeer(channel.port1 as unknown as Port, ["md5"]);
    const block = new Uint8Array(new ArrayBuffer(64), 16, 32).fill(9);
    const back = await peer.hash(block);
    // Transferred: the sender's view is detached while the peer holds it, and the view comes back whole.
    expect(block.byteLength).toBe(0);
    expect([back.byteOffset, back.byteLength, back.buffer.byteLength]).toEqual([16, 32, 64]);
    expect([...back]).toEqual(Array(32).fill(9));
    expect(await peer.finish()).toEqual({ md5: hex("md5", Buffer.alloc(32, 9)) });
  });

  it("holds the reader back while a peer keeps every buffer of the pool", async () => {
    const channel = new MessageChannel();
    const peer = digestPeer(channel.port1 as unknown as Port, ["md5"]);
    const held: MessageEvent[] = [];
    channel.port2.onmessage = (event) => held.push(event);
    let done = false;
    const hashing = hashImage(parts(IMAGE), { peers: [peer] }).finally(() => (done = true));
    // The image is four blocks; the pool has eight, so all four go out and none comes back.
    await vi.waitFor(() => expect(held.filter((event) => event.data.type === "block")).toHaveLength(4));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    for (const event of held.splice(0)) channel.port2.postMessage({ type: "hashed", block: event.data.block }, [event.data.block.buffer]);
    await vi.waitFor(() => expect(held.map((event) => event.data.type)).toEqual(["end"]));
    channel.port2.postMessage({ type: "digests", values: { md5: hex("md5", IMAGE) } });
    expect((await hashing).md5).toBe(hex("md5", IMAGE));
  });

  it("fails the hash with the peer's reason when a peer fails", async () => {
    const channel = new MessageChannel();
    const peer = digestPeer(channel.port1 as unknown as Port, ["sha512"]);
    channel.port2.onmessage = () => channel.port2.postMessage({ type: "error", message: "out of memory" });
    await expect(hashImage(parts(IMAGE), { peers: [peer] })).rejects.toThrow("a hashing worker failed: out of memory");
  });
});
