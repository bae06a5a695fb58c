/**
 * Mail and the scheduled reminders through production servers and a real SMTP server (issue 9,
 * items 5 and 8):
 * - SMTP down for a while, then up (and refusing with 451 at first): every queued message is delivered,
 *   once;
 * - the reminders (expiry warning, endorsement reminder, certificate warning) go once per recipient:
 *   on PostgreSQL two instances on one database run each reminder job once, not twice; on either
 *   database a reminder job run again (a retry) sends nothing twice. Recipients are the owners of
 *   verified endorser emails with the setting on.
 * The database is read and seeded while no server runs on it (PGlite allows one process per data
 * directory) or, on PostgreSQL, beside the servers.
 */
import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { EXPIRE_UPLOADS_JOB } from "@/lib/server/jobs/housekeeping";
import { afterEach, describe, expect, it } from "vitest";
import { queueMail } from "@/db/outbox";
import { jobs, outbox, userCertificates, userEmails, users } from "@/db/schema";
import { storeEntry } from "@/db/store-entry";
import { identifierOf, signedUpload } from "@/db/testing/signed-entries";
import { createUser } from "@/db/users";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import { type MarketplaceServer } from "./marketplace-server";
import { eventually } from "../support/eventually";
import { createSmtpSink, type SmtpSink } from "../support/smtp-sink";

const POSTGRES = process.env.TEST_DATABASE === "postgres";
const REMINDER_KINDS = ["expiry-warning", "endorsement-reminder", "certificate-warning"];
/** Quick polls and retries, so the test takes seconds. */
const FAST = { JOB_POLL_MS: "50", JOB_RETRY_BASE_MS: "100", PUBLIC_URL: "http://marketplace.test/", LOG_LEVEL: "info" };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function sinkFor(options: { refuseFirst?: number } = {}): Promise<SmtpSink> {
  const sink = await createSmtpSink(options);
  cleanups.push(() => sink.stop());
  return sink;
}

async function databaseFor(): Promise<FreshDatabase> {
  const database = await freshDatabase();
  cleanups.push(() => database.remove());
  return database;
}

async function serverOn(database: FreshDatabase, env: Record<string, string>): Promise<MarketplaceServer> {
  const server = await database.start(env);
  cleanups.push(() => server.stop());
  return server;
}

describe("mail delivery", () => {
  it("SMTP down for a while, then up and refusing with 451 at first: every queued message is delivered once", async () => {
    const sink = await sinkFor({ refuseFirst: 3 });
    const database = await databaseFor();
    const total = 8;
    await database.use(async () => {
      for (let i = 0; i < total; i++) {
        await queueMail({ to: `person${i}@example.org`, subject: `Message ${i}`, text: `Hello ${i}\n`, kind: "test" });
      }
    });
    const server = await serverOn(database, { ...FAST, REMINDERS: "off", SMTP_URL: sink.url });
    // Nothing listens on the sink's port yet: attempts fail and are retried later.
    await eventually(() => server.output().includes("job attempt failed"), "a failed attempt while the SMTP server is down");
    await sink.start();
    await eventually(() => sink.messages.length >= total, `${total} messages at the SMTP server`);
    await server.stop();

    const [rows, mailJobs] = await database.use(async ({ db }) => [
      await db.select().from(outbox).orderBy(asc(outbox.id)),
      await db.select().from(jobs).where(eq(jobs.kind, "mail")),
    ]);
    expect(sink.refused()).toBe(3);
    expect(sink.messages).toHaveLength(total);
    expect(new Set(sink.messages.map((mail) => mail.messageId)).size).toBe(total);
    expect(sink.messages.map((mail) => mail.to[0]).sort()).toEqual(rows.map((row) => row.to).sort());
    expect(rows.every((row) => row.status === "sent" && row.sentAt !== null && row.attempts >= 1)).toBe(true);
    expect(rows.map((row) => row.messageId).sort()).toEqual(sink.messages.map((mail) => mail.messageId).sort());
    expect(rows.some((row) => row.lastError === null)).toBe(true);
    expect(mailJobs.every((job) => job.status === "done")).toBe(true);
    expect(mailJobs.some((job) => job.attempts > 1)).toBe(true);
    const first = sink.messages.find((mail) => mail.to[0] === "person0@example.org")!;
    expect(first.raw).toMatch(/^From: Appliance Marketplace <marketplace@marketplace\.test>/m);
    expect(first.subject).toBe("Message 0");
    expect(first.raw).toMatch(/Content-Type: text\/plain/i);
  }, 180_000);

  it("without SMTP_URL each message is an .eml file in DATA_DIR/outbox, recorded in the outbox row", async () => {
    const database = await databaseFor();
    await database.use(() => queueMail({ to: "jane@example.org", subject: "Files", text: "One file\n", kind: "verify-account" }));
    const server = await serverOn(database, { ...FAST, REMINDERS: "off" });
    const directory = path.join(server.dataDir, "outbox");
    const files = () => (fs.existsSync(directory) ? fs.readdirSync(directory).filter((name) => name.endsWith(".eml")) : []);
    await eventually(() => files().length > 0, "the .eml file");
    // Read before the server stops: on PostgreSQL its data directory is a temporary one, removed on stop.
    expect(files()).toEqual(["00000001-verify-account.eml"]);
    const eml = fs.readFileSync(path.join(directory, files()[0]!), "utf8");
    await server.stop();
    const [row] = await database.use(({ db }) => db.select().from(outbox));
    expect(row).toMatchObject({ status: "sent", file: "00000001-verify-account.eml" });
    expect(eml).toMatch(/^To: jane@example\.org$/m);
    expect(eml).toMatch(/^Subject: Files$/m);
    expect(eml).toContain(`Message-ID: ${row!.messageId}`);
    expect(eml).toContain("One file");
  }, 120_000);
});

const DAY = 86_400_000;

/** Jane: two entries (one expiring), a certificate expiring, all settings on. Bob: everything off. Carol: email not verified. */
async function seedReminders(): Promise<{ expiring: string; current: string }> {
  const now = Date.now();
  const created = formatMetadataDate(new Date(now - DAY));
  const soon = formatMetadataDate(new Date(now + DAY));
  const store = async (image: string, email: string, valid: string) => {
    await storeEntry(await signedUpload({ image, created, valid, email }));
    return identifierOf(image);
  };
  const jane = await createUser({ email: "jane-account@example.org", verified: true });
  const bob = await createUser({ email: "bob-account@example.org", verified: true });
  const carol = await createUser({ email: "carol-account@example.org", verified: true });
  const expiring = await store("jane-expiring", "jane.tester@example.org", soon);
  const current = await store("jane-current", "jane.tester@example.org", "2030-01-01T00:00:00Z");
  await store("bob-expiring", "bob@example.org", soon);
  await store("carol-expiring", "carol@example.org", soon);
  const { getDb } = await import("@/db/client");
  const db = await getDb();
  await db.insert(userEmails).values([
    { userId: jane.id, email: "jane.tester@example.org", verifiedAt: new Date() },
    { userId: bob.id, email: "bob@example.org", verifiedAt: new Date() },
    { userId: carol.id, email: "carol@example.org", verifiedAt: null },
  ]);
  await db.update(users).set({ notifyExpiry: false, notifyEndorsement: false, notifyCertificate: false }).where(eq(users.id, bob.id));
  const certificate = (userId: string, n: string) => ({
    userId,
    fingerprint: n.repeat(64),
    pem: "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
    subject: "CN=Jane Tester",
    issuer: "CN=Test CA",
    notAfter: new Date(now + 10 * DAY),
    publicKeySha256: n.repeat(64),
    source: "pem" as const,
  });
  await db.insert(userCertificates).values([certificate(jane.id, "a"), certificate(bob.id, "b")]);
  return { expiring, current };
}

const EXPECTED = [
  { to: "jane-account@example.org", kind: "certificate-warning" },
  { to: "jane.tester@example.org", kind: "endorsement-reminder" },
  { to: "jane.tester@example.org", kind: "expiry-warning" },
];

async function reminderState(database: FreshDatabase) {
  return database.use(async ({ db }) => ({
    messages: await db.select().from(outbox).orderBy(asc(outbox.to), asc(outbox.kind)),
    reminderJobs: await db.select().from(jobs).where(inArray(jobs.kind, REMINDER_KINDS)).orderBy(asc(jobs.kind)),
    unfinished: await db
      .select({ id: jobs.id })
      .from(jobs)
      // The hourly housekeeping job is scheduled too, and may still be waiting when the servers stop.
      .where(and(inArray(jobs.status, ["queued", "running"]), ne(jobs.kind, EXPIRE_UPLOADS_JOB))),
  }));
}

describe("reminders", () => {
  it(
    POSTGRES
      ? "two instances on one PostgreSQL run each reminder once: one message per recipient, at the SMTP server too"
      : "each reminder goes once per recipient, also when its job runs again",
    async () => {
      const sink = await sinkFor();
      await sink.start();
      const database = await databaseFor();
      const { expiring, current } = await database.use(() => seedReminders());
      const env = { ...FAST, SMTP_URL: sink.url };
      const instances = POSTGRES ? 2 : 1;

      const runAll = async (until: (servers: MarketplaceServer[]) => Promise<boolean>, what: string) => {
        const servers = await Promise.all(Array.from({ length: instances }, () => serverOn(database, env)));
        try {
          await eventually(() => until(servers), what);
        } finally {
          for (const server of servers) await server.stop();
        }
        return servers;
      };
      const logged = (servers: MarketplaceServer[], message: string) =>
        servers.map((server) => server.output().split(`"message":"${message}"`).length - 1).reduce((a, b) => a + b, 0);
      const ran = ["expiry warnings queued", "endorsement reminders queued", "certificate warnings queued"];

      // Every instance schedules today's and this month's reminders at start.
      const servers = await runAll(
        async (all) => sink.messages.length >= EXPECTED.length && ran.every((message) => logged(all, message) >= 1),
        `${EXPECTED.length} reminders at the SMTP server`,
      );
      let state = await reminderState(database);
      expect(state.messages.map((m) => ({ to: m.to, kind: m.kind }))).toEqual(EXPECTED);
      expect(state.messages.every((m) => m.status === "sent")).toBe(true);
      expect(state.reminderJobs.map((job) => [job.kind, job.status, job.attempts])).toEqual([
        ["certificate-warning", "done", 1],
        ["endorsement-reminder", "done", 1],
        ["expiry-warning", "done", 1],
      ]);
      expect(state.unfinished).toEqual([]);
      expect(sink.messages.map((mail) => `${mail.to[0]} ${mail.subject}`).sort()).toEqual(
        [
          "jane-account@example.org Appliance Marketplace: your certificate expires soon",
          "jane.tester@example.org Appliance Marketplace: entries about to expire",
          "jane.tester@example.org Appliance Marketplace: the images you endorse",
        ].sort(),
      );
      // However many instances started, each reminder job ran in one of them, once.
      for (const message of ran) expect(logged(servers, message)).toBe(1);
      const expiry = state.messages.find((m) => m.kind === "expiry-warning")!;
      expect(expiry.text).toContain(`${expiring}\texpires: `);
      expect(expiry.text).toContain(`Retrieve entry: http://marketplace.test/metadata/${expiring}/jane.tester@example.org/`);
      expect(expiry.text).not.toContain(current);
      const reminder = state.messages.find((m) => m.kind === "endorsement-reminder")!;
      expect(reminder.text).toContain(expiring);
      expect(reminder.text).toContain(current);
      expect(reminder.text).toContain("marketplace deprecate-metadata --email=jane.tester@example.org <image id>");

      // The reminder jobs run again (as after a crash before their completion was recorded): nothing is sent twice.
      await database.use(({ db }) =>
        db
          .update(jobs)
          .set({ status: "queued", runAfter: sql`now()`, finishedAt: null })
          .where(inArray(jobs.kind, REMINDER_KINDS)),
      );
      await runAll(async (all) => ran.every((message) => logged(all, message) >= 1), "the reminder jobs to run again");
      state = await reminderState(database);
      expect(state.reminderJobs.map((job) => [job.kind, job.status, job.attempts])).toEqual([
        ["certificate-warning", "done", 2],
        ["endorsement-reminder", "done", 2],
        ["expiry-warning", "done", 2],
      ]);
      expect(state.messages).toHaveLength(EXPECTED.length);
      expect(sink.messages).toHaveLength(EXPECTED.length);
    },
    240_000,
  );
});
