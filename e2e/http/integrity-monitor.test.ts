/**
 * The integrity monitor through a production server (issue 12, item 3), on either database, against a
 * local HTTP server this test starts and the server is allowed to fetch from (INTEGRITY_FETCH_ALLOW):
 * four signed entries, each checked as soon as it is stored; the intact image passes, a truncated one,
 * one with a changed byte and a 404 are flagged, with the finding per location on the entry, in the
 * listing's badge and its filter; the endorser is mailed once per failure; the endorser (not another
 * user, not a visitor) asks for a check again, and a repaired image turns verified.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createUser } from "@/db";
import { userEmails } from "@/db/schema";
import { identifierOf } from "@/db/testing/signed-entries";
import { entryReplySchema, listPageSchema } from "@/lib/entries/entry-schemas";
import { entryPath } from "@/lib/entries/entry-urls";
import type { EntryDetail } from "@/lib/entries/types";
import { eventually } from "../support/eventually";
import { createSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { request, uploadXml } from "./client";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import type { MarketplaceServer } from "./marketplace-server";
import { signedDocument } from "./signed-documents";

const JANE = "jane.tester@example.org";
const CREATED = "2026-01-01T00:00:00Z";
// The test entries' checksum is the SHA-1 of their image name, and their size its length: the image's bytes are its name.
const image = (name: string) => `${name} `.padEnd(200_000, name);
const IMAGES = {
  intact: image("intact image"),
  truncated: image("truncated image"),
  changed: image("changed image"),
  gone: image("gone image"),
};
type Name = keyof typeof IMAGES;

let database: FreshDatabase;
let server: MarketplaceServer;
let sink: SmtpSink;
let images: http.Server;
let imageBase = "";
let repaired = false;
const tokens = { jane: "", bob: "" };

function served(name: Name): Buffer | undefined {
  const bytes = Buffer.from(IMAGES[name]);
  if (name === "truncated") return bytes.subarray(0, bytes.length - 10);
  if (name === "changed" && !repaired) return Buffer.concat([bytes.subarray(0, 1000), Buffer.from("X"), bytes.subarray(1001)]);
  if (name === "gone") return undefined;
  return bytes;
}

const keyOf = (name: Name) => ({ identifier: identifierOf(IMAGES[name]), email: JANE, created: CREATED });

beforeAll(async () => {
  images = http.createServer((req, res) => {
    const name = /^\/(\w+)\.img$/.exec(req.url ?? "")?.[1] as Name | undefined;
    const body = name && name in IMAGES ? served(name) : undefined;
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": String(body.length) });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;

  sink = await createSmtpSink();
  await sink.start();
  database = await freshDatabase();
  await database.use(async ({ db }) => {
    const jane = await createUser({ email: "jane@example.org", password: "correct horse battery staple", verified: true });
    await db.insert(userEmails).values({ userId: jane.id, email: JANE, verifiedAt: new Date() });
    const bob = await createUser({ email: "bob@example.org", password: "correct horse battery staple", verified: true });
    tokens.jane = (await createApiToken(jane.id, "checks", null)).token;
    tokens.bob = (await createApiToken(bob.id, "checks", null)).token;
  });
  const documents = await Promise.all(
    (Object.keys(IMAGES) as Name[]).map((name) =>
      signedDocument({
        image: IMAGES[name],
        created: CREATED,
        bytes: String(IMAGES[name].length),
        locations: [`${imageBase}/${name}.img`],
      }),
    ),
  );
  server = await database.start({
    INTEGRITY_FETCH_ALLOW: "127.0.0.1/32",
    // The monthly endorsement reminder would list these entries too: this test counts the monitor's mails.
    REMINDERS: "off",
    SMTP_URL: sink.url,
    UPLOAD_CONFIRMATION: "off",
    PUBLIC_URL: "http://marketplace.test/",
    JOB_POLL_MS: "50",
  });
  for (const xml of documents) expect((await uploadXml(server.url, xml)).status).toBe(201);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await database?.remove();
  await sink?.stop();
  await new Promise((resolve) => images?.close(resolve));
});

async function entry(name: Name): Promise<EntryDetail> {
  const reply = await request(`${server.url}/api/v1${entryPath(keyOf(name)).replace(/^\/metadata/, "/entries")}`, {
    headers: { Accept: "application/json" },
  });
  expect(reply.status).toBe(200);
  return entryReplySchema.parse(JSON.parse(reply.text));
}

const checkUrl = (name: Name) => `${server.url}/api/v1${entryPath(keyOf(name)).replace(/^\/metadata/, "/entries")}/integrity`;

describe("the integrity monitor", () => {
  it("checks each new entry's image: the intact one passes, a truncated one, a changed byte and a 404 are flagged", async () => {
    for (const name of Object.keys(IMAGES) as Name[])
      await eventually(async () => (await entry(name)).integrity !== undefined, `the first check of the ${name} image`);
    const found = Object.fromEntries(
      await Promise.all((Object.keys(IMAGES) as Name[]).map(async (name) => [name, (await entry(name)).locationChecks] as const)),
    );
    expect(found.intact).toEqual([
      expect.objectContaining({ location: `${imageBase}/intact.img`, outcome: "verified", httpStatus: 200, bytes: "200000" }),
    ]);
    expect(found.truncated).toEqual([
      expect.objectContaining({ outcome: "size-mismatch", detail: "is 199990 bytes (Content-Length), the entry says 200000" }),
    ]);
    expect(found.changed).toEqual([
      expect.objectContaining({ outcome: "checksum-mismatch", detail: "its SHA-1 differs from the signed one" }),
    ]);
    expect(found.gone).toEqual([expect.objectContaining({ outcome: "unreachable", httpStatus: 404, detail: "answered 404 Not Found" })]);
    expect((await entry("intact")).integrity?.status).toBe("verified");
    expect((await entry("truncated")).integrity?.status).toBe("mismatch");
    expect((await entry("gone")).integrity?.status).toBe("broken");
  });

  it("shows the badge in listings, filters on it, and refuses an unknown filter value with a 400", async () => {
    const list = async (query: string) => {
      const reply = await request(`${server.url}/api/v1/entries?${query}`, { headers: { Accept: "application/json" } });
      expect(reply.status).toBe(200);
      return listPageSchema.parse(JSON.parse(reply.text)).items;
    };
    expect((await list("integrity=verified")).map((item) => item.identifier)).toEqual([keyOf("intact").identifier]);
    expect((await list("integrity=failing")).map((item) => item.identifier).sort()).toEqual(
      (["truncated", "changed", "gone"] as Name[]).map((name) => keyOf(name).identifier).sort(),
    );
    const bad = await request(`${server.url}/api/v1/entries?integrity=perfect`, { headers: { Accept: "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("integrity: must be one of verified, failing");
    const page = await request(`${server.url}/metadata?integrity=verified`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.text).toContain("Image verified");
    const entryPage = await request(`${server.url}${entryPath(keyOf("changed"))}`, { headers: { Accept: "text/html" } });
    expect(entryPage.text).toContain("Checksum mismatch");
    expect(entryPage.text).toContain("its SHA-1 differs from the signed one");
  });

  it("mails the endorser once per failing image, naming the location and what was found", async () => {
    const about = (name: Name) => new RegExp(`the image of ${keyOf(name).identifier} failed its integrity check`);
    for (const name of ["truncated", "changed", "gone"] as Name[]) {
      const message = await sink.waitFor(JANE, about(name), 30_000);
      expect(message.text).toContain(`${imageBase}/${name}.img`);
      expect(sink.messages.filter((each) => about(name).test(each.subject))).toHaveLength(1);
    }
    expect(sink.messages.filter((message) => about("intact").test(message.subject))).toEqual([]);
  });

  it("checks again when the endorser asks (not another user, not a visitor), and a repaired image turns verified", async () => {
    expect((await request(checkUrl("changed"), { method: "POST" })).status).toBe(401);
    const other = await request(checkUrl("changed"), { method: "POST", headers: { Authorization: `Bearer ${tokens.bob}` } });
    expect(other.status).toBe(403);
    expect(other.text).toContain(`only the endorser of ${JANE}`);
    const unknown = await request(checkUrl("changed").replace(CREATED, "2026-01-02T00:00:00Z"), {
      method: "POST",
      headers: { Authorization: `Bearer ${tokens.jane}` },
    });
    expect(unknown.status).toBe(404);
    repaired = true;
    const asked = await request(checkUrl("changed"), { method: "POST", headers: { Authorization: `Bearer ${tokens.jane}` } });
    expect(asked.status).toBe(202);
    expect(JSON.parse(asked.text)).toMatchObject({ queued: true });
    await eventually(async () => (await entry("changed")).integrity?.status === "verified", "the repaired image verified");
    const [check] = (await entry("changed")).locationChecks;
    expect(check).toMatchObject({ outcome: "verified", detail: "200000 bytes; SHA-1 match the signed entry" });
  });
});
