/**
 * The audit trail of uploads as the server writes it (issue 8, item 1): a stored upload's event is
 * written in the store transaction, so an audit write that fails stores nothing and answers 503 with
 * no event at all; every refusal, also those decided before the body is read (the rate limit), leaves
 * one "refused" event, with the entry's key when the document named it. The events are read from the
 * server's database after it stops (PGlite allows one process per data directory).
 */
import { asc, count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { entries, uploadEvents } from "@/db/schema";
import { failAuditWrites } from "@/db/testing/fail-audit-writes";
import { readFixture } from "@/lib/metadata/__tests__/fixtures";
import { errorText, request, uploadXml } from "./client";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import { type MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

/** Parsed, names its entry, and has no signature. */
const UNSIGNED = readFixture("metadata/valid-minimal.xml");

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startOn(database: FreshDatabase, env?: Record<string, string>): Promise<MarketplaceServer> {
  const server = await database.start(env);
  cleanup.push(() => server.stop());
  return server;
}

describe("the upload audit trail", () => {
  it("stores nothing and records nothing when the audit write fails: 503, in both protocols", async () => {
    const document = await signedDocument({ image: "audit-fails", created: "2026-05-01T00:00:00Z" });
    const database = await freshDatabase();
    cleanup.push(() => database.remove());
    await database.use((handle) => failAuditWrites(handle.db));
    const server = await startOn(database);

    const original = await uploadXml(server.url, document);
    expect(original.status, server.output()).toBe(503);
    expect(original.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(errorText(original)).toBe("the database is unavailable");
    const api = await request(`${server.url}/api/v1/entries`, {
      method: "POST",
      headers: { "Content-Type": "application/xml", Accept: "application/json" },
      body: document,
    });
    expect(api.status).toBe(503);
    expect(JSON.parse(api.text)).toEqual({ error: { code: "unavailable", message: "the database is unavailable" } });
    expect((await request(`${server.url}/api/v1/entries?status=all`)).text).toContain('"total":0');

    await server.stop();
    await database.use(async ({ db }) => {
      expect(await db.select({ n: count() }).from(entries)).toEqual([{ n: 0 }]);
      expect(await db.select().from(uploadEvents)).toEqual([]);
    });
  });

  it("records one refusal per refused upload: a rate-limited one once, a parsed one with its key", async () => {
    const document = await signedDocument({ image: "audit-limit", created: "2026-05-01T00:00:00Z" });
    const identifier = /<dcterms:identifier>([^<]+)/.exec(document)![1];
    const database = await freshDatabase();
    cleanup.push(() => database.remove());
    const server = await startOn(database, { UPLOAD_RATE_LIMIT: "2" });

    expect((await uploadXml(server.url, UNSIGNED)).status).toBe(400);
    expect((await uploadXml(server.url, document)).status).toBe(201);
    const limited = await uploadXml(server.url, document, { "User-Agent": "audit-test" });
    expect(limited.status).toBe(429);

    await server.stop();
    const events = await database.use(({ db }) => db.select().from(uploadEvents).orderBy(asc(uploadEvents.id)));
    expect(
      events.map((e) => ({
        outcome: e.outcome,
        problems: e.problems,
        identifier: e.identifier,
        email: e.email,
        created: e.created?.toISOString() ?? null,
        address: e.address,
      })),
    ).toEqual([
      {
        outcome: "refused",
        problems: ["signature.missing"],
        identifier: /<dcterms:identifier>([^<]+)/.exec(UNSIGNED.toString("utf8"))![1],
        email: "jane.tester@example.org",
        created: "2011-01-24T09:59:42.000Z",
        address: "127.0.0.1",
      },
      {
        outcome: "created",
        problems: [],
        identifier,
        email: "jane.tester@example.org",
        created: "2026-05-01T00:00:00.000Z",
        address: "127.0.0.1",
      },
      { outcome: "refused", problems: ["rate_limited"], identifier: null, email: null, created: null, address: "127.0.0.1" },
    ]);
    expect(events[2]).toMatchObject({ userAgent: "audit-test", size: Buffer.byteLength(document) });
  });
});
