import "server-only";
/**
 * The mail outbox: a message is a row here plus a `mail` job that delivers it (lib/server/mail/).
 * Queueing never sends: a request that mails someone only writes two rows, so a slow or down SMTP
 * server never holds a request, and nothing queued is lost.
 */
import { desc } from "drizzle-orm";
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

/** Queues a message, in `tx` when given. Returns the outbox id. */
export async function queueMail(message: MailMessage, tx?: Pick<Db, "insert">): Promise<number> {
  const run = async (db: Pick<Db, "insert">) => {
    const [row] = await db
      .insert(outbox)
      .values({ to: message.to, subject: message.subject.slice(0, 500), text: message.text, kind: message.kind })
      .returning({ id: outbox.id });
    await enqueueJob({ kind: MAIL_JOB, payload: { outboxId: row!.id } }, db);
    return row!.id;
  };
  return tx ? run(tx) : withDb("queueing mail", run);
}

/** The newest messages first, for the admin outbox page. */
export async function listOutbox(limit = 100): Promise<OutboxRow[]> {
  return withDb("reading the outbox", async (db) => db.select().from(outbox).orderBy(desc(outbox.id)).limit(Math.min(limit, 1000)));
}
