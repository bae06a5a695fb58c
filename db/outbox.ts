import "server-only";
/**
 * The mail outbox: a message is a row here plus a `mail` job that delivers it (lib/server/mail/).
 * Queueing never sends: a request that mails someone only writes two rows, so a slow or down SMTP
 * server never holds a request, and nothing queued is lost.
 */
import { desc, eq } from "drizzle-orm";
import { outbox, type OutboxRow } from "./schema";
import type { Db } from "./client";
import { enqueueJob } from "./jobs";
import { withDb } from "./with-db";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** What the message is (verify-account, upload-confirmation, ...), shown on the admin outbox page. */
  kind: string;
}

export const MAIL_JOB = "mail";
/** A mail job retries with backoff (30 s doubling, at most an hour apart): 20 attempts span about 13 hours of SMTP outage. */
export const MAIL_MAX_ATTEMPTS = 20;

/** Queues a message, in `tx` when given. Returns the outbox id. */
export async function queueMail(message: MailMessage, tx?: Pick<Db, "insert">): Promise<number> {
  const run = async (db: Pick<Db, "insert">) => {
    const [row] = await db
      .insert(outbox)
      .values({ to: message.to, subject: message.subject.slice(0, 500), text: message.text, kind: message.kind })
      .returning({ id: outbox.id });
    await enqueueJob({ kind: MAIL_JOB, payload: { outboxId: row!.id }, maxAttempts: MAIL_MAX_ATTEMPTS }, db);
    return row!.id;
  };
  return tx ? run(tx) : withDb("queueing mail", run);
}

/**
 * Queues a message once per `uniqueKey` ("expiry-warning:2026-12-01:jane@example.org"), in `tx` when
 * given: the key is the mail job's unique key, so however many instances or retries queue it, one
 * outbox row and one job exist. Returns the outbox id, or null when that key was queued before.
 */
export async function queueMailOnce(message: MailMessage, uniqueKey: string, tx?: Pick<Db, "insert" | "delete">): Promise<number | null> {
  const run = async (db: Pick<Db, "insert" | "delete">) => {
    const [row] = await db
      .insert(outbox)
      .values({ to: message.to, subject: message.subject.slice(0, 500), text: message.text, kind: message.kind })
      .returning({ id: outbox.id });
    const job = await enqueueJob({ kind: MAIL_JOB, payload: { outboxId: row!.id }, uniqueKey, maxAttempts: MAIL_MAX_ATTEMPTS }, db);
    if (job !== null) return row!.id;
    await db.delete(outbox).where(eq(outbox.id, row!.id));
    return null;
  };
  return tx ? run(tx) : withDb("queueing mail", (db) => db.transaction((t) => run(t)));
}

/** The newest messages first, for the admin outbox page. */
export async function listOutbox(limit = 100): Promise<OutboxRow[]> {
  return withDb("reading the outbox", async (db) => db.select().from(outbox).orderBy(desc(outbox.id)).limit(Math.min(limit, 1000)));
}
