/**
 * 20 clients upload distinct entries while 100 read, for 30 seconds: every 201 is stored and listed,
 * and nobody gets a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { buildSkeleton } from "@/lib/metadata/image/skeleton";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { credentialsOf, testSigners } from "@/lib/metadata/__tests__/signing-helpers";
import { request, uploadXml } from "./client";
import { startMarketplace, type MarketplaceServer } from "./marketplace-server";

const WRITERS = 20;
const READERS = 100;
const DURATION_MS = Number(process.env.CONCURRENCY_SECONDS ?? 30) * 1000;

let server: MarketplaceServer;
let documents: string[];
// Signed before the server starts: signing 1,200 entries is seconds of CPU that would otherwise stall
// this process's own connections while the server waits (and, before keep-alive outlived pool idle
// times, closed them under the client).
beforeAll(async () => {
  documents = await signedEntries(WRITERS * 60);
  server = await startMarketplace();
}, 180_000);
afterAll(() => server?.stop());

async function signedEntries(count: number): Promise<string[]> {
  const { jane } = await testSigners();
  return Array.from({ length: count }, (_, i) => {
    const sha1 = crypto.createHash("sha1").update(`concurrency ${i} ${crypto.randomUUID()}`).digest("hex");
    const xml = buildSkeleton({
      checksums: { bytes: BigInt(1000 + i), sha1, identifier: sha1ToIdentifier(sha1) },
      os: "Ubuntu",
      osVersion: "24.04",
      osArch: "x86_64",
      title: `load test image ${i}`,
      locations: [`https://images.example.org/${i}.img`],
      valid: new Date(Date.now() + 30 * 86_400_000),
    });
    return signMetadata(xml, credentialsOf(jane), { now: new Date(Date.UTC(2026, 0, 1) + i * 1000) });
  });
}

describe("under load", () => {
  it(
    "loses nothing and never answers 5xx",
    async () => {
      const deadline = Date.now() + DURATION_MS;
      const created: string[] = [];
      const failures: string[] = [];
      let reads = 0;
      let next = 0;

      const writer = async () => {
        while (Date.now() < deadline && next < documents.length) {
          const reply = await uploadXml(server.url, documents[next++] as string);
          if (reply.status === 201) created.push(reply.headers.get("location") as string);
          else failures.push(`upload ${reply.status}: ${reply.text.slice(0, 200)}`);
        }
      };
      const readPaths = [
        "/api/v1/entries?pageSize=20",
        "/metadata?iDisplayStart=0&iDisplayLength=10&media=json",
        "/api/v1/entries?q=load&sort=title",
        "/api/v1/facets",
        "/endorsers",
      ];
      const reader = async (n: number) => {
        for (let i = n; Date.now() < deadline; i++) {
          const reply = await request(`${server.url}${readPaths[i % readPaths.length]}`);
          reads += 1;
          if (reply.status >= 500) failures.push(`read ${reply.status}: ${reply.text.slice(0, 200)}`);
        }
      };
      await Promise.all([...Array.from({ length: WRITERS }, writer), ...Array.from({ length: READERS }, (_, n) => reader(n))]);

      expect(failures).toEqual([]);
      expect(created.length).toBeGreaterThan(WRITERS);
      expect(reads).toBeGreaterThan(READERS);
      const listed = JSON.parse((await request(`${server.url}/api/v1/entries?status=all&pageSize=1`)).text);
      expect(listed.total).toBe(created.length);
      for (const location of created) {
        const path = new URL(location).pathname;
        expect((await request(`${server.url}${path}`)).status, path).toBe(200);
      }
    },
    DURATION_MS + 120_000,
  );
});
