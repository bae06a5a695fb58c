/**
 * The original's unpaged `<metadata>` list with large entries (issue 6, item 2): 100 entries of about
 * 2 MB, four whole lists read at once. Each list is exact, the server's memory grows by less than
 * 100 MB (the lists stream from the database), and the health endpoint keeps answering within a second.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const ENTRIES = 100;
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>';

let server: MarketplaceServer;
let expected: string;

beforeAll(async () => {
  const documents: string[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    // Random text: what PostgreSQL cannot compress, so the database really holds 2 MB per entry.
    const description = randomBytes(1_470_000).toString("base64");
    const created = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    documents.push(await signedDocument({ image: `large ${i}`, created, description, title: `large ${i}` }));
  }
  server = await startMarketplace();
  for (let i = 0; i < ENTRIES; i += 4) {
    const replies = await Promise.all(documents.slice(i, i + 4).map((d) => uploadXml(server.url, d)));
    for (const reply of replies) expect(reply.status, reply.text).toBe(201);
  }
  // Newest first, each document's own XML declaration removed.
  const body = [...documents]
    .reverse()
    .map((d) => d.replace(/^<\?xml[^?]*\?>\s*/, ""))
    .join("");
  expected = createHash("sha256").update(`${XML_DECLARATION}<metadata>${body}</metadata>`).digest("hex");
}, 600_000);
afterAll(() => server?.stop());

function rss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function readWhole(url: string): Promise<{ status: number; sha256: string; bytes: number; type: string | null }> {
  const response = await fetch(url);
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { status: response.status, sha256: hash.digest("hex"), bytes, type: response.headers.get("content-type") };
}

describe("the whole list of large entries", () => {
  it("streams four at once, exactly, in bounded memory, while health answers within a second", async () => {
    await readWhole(`${server.url}/metadata`); // once, so lazily loaded code is not counted as growth
    await new Promise((r) => setTimeout(r, 1_000));
    const before = rss(server.pid);
    let peak = before;
    let reading = true;
    const sampler = (async () => {
      while (reading) {
        peak = Math.max(peak, rss(server.pid));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const healthTimes: number[] = [];
    const pinger = (async () => {
      while (reading) {
        const started = performance.now();
        expect((await request(`${server.url}/api/health`)).status).toBe(200);
        healthTimes.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const lists = await Promise.all(Array.from({ length: 4 }, () => readWhole(`${server.url}/metadata`)));
    reading = false;
    await Promise.all([sampler, pinger]);

    for (const list of lists) {
      expect(list.status).toBe(200);
      expect(list.type).toMatch(/^application\/xml/);
      expect(list.bytes).toBeGreaterThan(ENTRIES * 1_900_000);
      expect(list.sha256).toBe(expected);
    }
    const growthMb = (peak - before) / 1024 / 1024;
    console.log(
      `RSS before ${(before / 1048576).toFixed(0)} MB, peak ${(peak / 1048576).toFixed(0)} MB (+${growthMb.toFixed(1)} MB); health: ${healthTimes.length} checks, slowest ${Math.max(...healthTimes).toFixed(0)} ms`,
    );
    expect(growthMb).toBeLessThan(100);
    expect(healthTimes.length).toBeGreaterThan(3);
    expect(Math.max(...healthTimes)).toBeLessThan(1_000);
  }, 300_000);

  it("streams the unpaged DataTables rows too, with the totals first", async () => {
    const reply = await request(`${server.url}/metadata?media=json`);
    const body = JSON.parse(reply.text);
    expect(body.iTotalRecords).toBe(ENTRIES);
    expect(body.iTotalDisplayRecords).toBe(ENTRIES);
    expect(body.aaData).toHaveLength(ENTRIES);
    expect(body.aaData[0][10]).toBe(`large ${ENTRIES - 1}`);
  });
});
