/**
 * Replicas done right (issue 12, item 2), with real servers: on PGlite only, or (a run on PostgreSQL)
 * a first master on PGlite, a second master and the replica on PostgreSQL. A replica (MARKETPLACE_TYPE=replica, MASTER_URL) copies every valid entry of its master
 * byte for byte, re-verifying each on receipt; refuses an entry whose stored bytes were tampered with
 * on the master (its signature no longer holds) and, following a second master, an entry older than
 * the latest it holds, with the reasons on `GET /api/v1/replica` and the /replica page; refuses
 * uploads itself; and, stopped and started again, catches up from its cursor.
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entries, entryDocuments } from "@/db/schema";
import { identifierOf } from "@/db/testing/signed-entries";
import { entryPath } from "@/lib/entries/entry-urls";
import { replicaStatusSchema, replicationPageSchema, type ReplicaStatus } from "@/lib/entries/replication-schemas";
import type { EntryKey } from "@/lib/entries/types";
import { eventually } from "../support/eventually";
import { request, uploadXml } from "./client";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import type { MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const JANE = "jane.tester@example.org";
const key = (image: string, created: string): EntryKey => ({ identifier: identifierOf(image), email: JANE, created });
const ALPHA_1 = key("alpha", "2026-01-01T00:00:00Z");
const ALPHA_3 = key("alpha", "2026-03-01T00:00:00Z");
const ALPHA_2 = key("alpha", "2026-02-01T00:00:00Z");
const BETA = key("beta", "2026-01-01T00:00:00Z");
const GAMMA = key("gamma", "2026-01-01T00:00:00Z");
const DELTA = key("delta", "2026-01-01T00:00:00Z");
const EPSILON = key("epsilon", "2026-01-01T00:00:00Z");
const FAST = { JOB_POLL_MS: "50", REPLICA_SYNC_SECONDS: "1" };

const databases: FreshDatabase[] = [];
const servers: MarketplaceServer[] = [];
let master: MarketplaceServer;
let second: MarketplaceServer;
let replicaDb: FreshDatabase;
let replica: MarketplaceServer;

async function database(kind?: "pglite" | "postgres"): Promise<FreshDatabase> {
  const made = await freshDatabase(kind);
  databases.push(made);
  return made;
}

async function start(on: FreshDatabase, env: Record<string, string> = {}): Promise<MarketplaceServer> {
  const server = await on.start(env);
  servers.push(server);
  return server;
}

async function upload(server: MarketplaceServer, ...documents: string[]) {
  for (const xml of documents) expect((await uploadXml(server.url, xml)).status, `upload to ${server.url}`).toBe(201);
}

const document = (spec: EntryKey & { title?: string }) =>
  signedDocument({
    image: ["alpha", "beta", "gamma", "delta", "epsilon"].find((i) => identifierOf(i) === spec.identifier)!,
    created: spec.created,
    title: spec.title,
  });

const api = (server: MarketplaceServer, path: string) => request(`${server.url}${path}`, { headers: { Accept: "application/json" } });
const xmlOf = async (server: MarketplaceServer, entry: EntryKey) =>
  (await request(`${server.url}${entryPath(entry)}`, { headers: { Accept: "application/xml" } })).bytes;

async function status(): Promise<ReplicaStatus> {
  const reply = await api(replica, "/api/v1/replica");
  expect(reply.status).toBe(200);
  return replicaStatusSchema.parse(JSON.parse(reply.text));
}

beforeAll(async () => {
  const [a1, a3, beta, gamma, a2, delta] = await Promise.all([
    document(ALPHA_1),
    document(ALPHA_3),
    document(BETA),
    document({ ...GAMMA, title: "gamma as signed" }),
    document(ALPHA_2),
    document(DELTA),
  ]);
  // In a run on PostgreSQL the first master is on PGlite and the replica on PostgreSQL: both kinds on both sides.
  const masterDb = await database("pglite");
  const first = await start(masterDb);
  await upload(first, a1, a3, beta, gamma);
  await first.stop();
  // Someone with the master's database changes a signed document (and its digest, to pass for stored bytes).
  await masterDb.use(async ({ db }) => {
    const [row] = await db.select({ id: entries.id }).from(entries).where(eq(entries.identifier, GAMMA.identifier));
    const tampered = Buffer.from(gamma.replace("gamma as signed", "gamma as changed"));
    await db.update(entryDocuments).set({ xml: tampered }).where(eq(entryDocuments.entryId, row!.id));
    await db
      .update(entries)
      .set({ xmlSha256: createHash("sha256").update(tampered).digest("hex") })
      .where(eq(entries.id, row!.id));
  });
  master = await start(masterDb);
  second = await start(await database());
  await upload(second, a2, delta);
  replicaDb = await database();
  replica = await start(replicaDb, { ...FAST, MARKETPLACE_TYPE: "replica", MASTER_URL: master.url });
}, 240_000);

afterAll(async () => {
  for (const server of servers.reverse()) await server.stop().catch(() => undefined);
  for (const made of databases) await made.remove().catch(() => undefined);
});

describe("a replica", () => {
  it("serves its master's feed in store order, with the signed bytes, and refuses a bad cursor", async () => {
    const feed = async (query: string) => {
      const reply = await api(master, `/api/v1/replication/entries?${query}`);
      expect(reply.status).toBe(200);
      return replicationPageSchema.parse(JSON.parse(reply.text));
    };
    // Entries appear once settled, a few seconds after they are stored.
    await eventually(async () => (await feed("limit=10")).items.length === 4, "the master's four entries in its feed");
    const page = await feed("after=0&limit=2");
    expect(page.items.map((item) => [item.identifier, item.created])).toEqual([
      [ALPHA_1.identifier, ALPHA_1.created],
      [ALPHA_3.identifier, ALPHA_3.created],
    ]);
    expect(page.more).toBe(true);
    expect(Buffer.from(page.items[0]!.xml, "base64")).toEqual(await xmlOf(master, ALPHA_1));
    const bad = await api(master, "/api/v1/replication/entries?after=-1");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("after: must be at least 0");
  });

  it("copies every valid entry byte for byte, and refuses the tampered one with the reason", async () => {
    await eventually(async () => {
      const [source] = (await status()).masters;
      return source !== undefined && source.copied + source.refused === 4;
    }, "the replica to take the master's four entries");
    const state = await status();
    expect(state.masters).toEqual([expect.objectContaining({ master: `${master.url}/`, copied: 3, refused: 1 })]);
    expect(state.refused).toEqual([expect.objectContaining({ identifier: GAMMA.identifier, email: JANE, created: GAMMA.created })]);
    expect(state.refused[0]!.reason).toMatch(/^the document was changed after it was signed/);
    for (const entry of [ALPHA_1, ALPHA_3, BETA]) expect(await xmlOf(replica, entry)).toEqual(await xmlOf(master, entry));
    expect((await request(`${replica.url}${entryPath(GAMMA)}`, { headers: { Accept: "application/xml" } })).status).toBe(404);
    // The listings of what both hold are the same bytes (the original's XML list, the JSON API's page).
    for (const path of [`/metadata/${ALPHA_1.identifier}`, `/metadata/${BETA.identifier}?status=all`]) {
      const [ours, theirs] = await Promise.all(
        [replica, master].map((s) => request(`${s.url}${path}`, { headers: { Accept: "application/xml" } })),
      );
      expect(ours!.status).toBe(200);
      expect(ours!.bytes).toEqual(theirs!.bytes);
    }
    const [ours, theirs] = await Promise.all(
      [replica, master].map((s) => api(s, `/api/v1/entries?identifier=${ALPHA_1.identifier}&created=${ALPHA_1.created}`)),
    );
    expect(JSON.parse(ours!.text).items).toEqual(JSON.parse(theirs!.text).items);
    const page = await request(`${replica.url}/replica`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(GAMMA.identifier);
    expect(page.text.replaceAll("<!-- -->", "")).toContain("3 copied");
  });

  it("refuses uploads of its own", async () => {
    const reply = await uploadXml(replica.url, await document(EPSILON));
    expect(reply.status).toBe(403);
    expect(reply.text).toContain("read-only repository");
  });

  it("stopped and started again, catches up from its cursor, follows a second master, and refuses an entry older than the latest", async () => {
    await replica.stop();
    await upload(master, await document(EPSILON));
    replica = await start(replicaDb, { ...FAST, MARKETPLACE_TYPE: "replica", MASTER_URL: `${master.url},${second.url}` });
    await eventually(async () => {
      const masters = (await status()).masters;
      return masters.length === 2 && masters[0]!.copied === 4 && masters[1]!.copied + masters[1]!.refused === 2;
    }, "the replica to catch up with the first master and read the second");
    const state = await status();
    expect(state.masters.map((m) => [m.master, m.copied, m.refused])).toEqual([
      [`${master.url}/`, 4, 1],
      [`${second.url}/`, 1, 1],
    ]);
    expect(state.refused.find((r) => r.master === `${second.url}/`)).toMatchObject({
      identifier: ALPHA_2.identifier,
      created: ALPHA_2.created,
      reason: "invalid metadata: older than latest entry",
    });
    expect(await xmlOf(replica, EPSILON)).toEqual(await xmlOf(master, EPSILON));
    expect(await xmlOf(replica, DELTA)).toEqual(await xmlOf(second, DELTA));
  });
});
