import "server-only";
/**
 * What the `mail` job (lib/server/mail/deliver.ts) reads and writes: the outbox row is the message's
 * idempotency record. A row marked `sent` is never sent again, so a job retried after its message went
 * out (the worker died before completing it, or its lease expired) does not send twice.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import { MAIL_JOB } from "./outbox";
import { jobs, outbox, type OutboxRow } from "./schema";
import { withDb } from "./with-db";

export async function getOutboxMessage(id: number): Promise<OutboxRow | null> {
  return withDb("reading the outbox", async (db) => {
    const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
    return row ?? null;
  });
}

/** Records the delivery (SMTP's message id, or the .eml file's name). False when it was already marked sent. */
export async function markOutboxSent(id: number, delivery: { messageId: string; file?: string | null }): Promise<boolean> {
  return withDb("recording a sent message", async (db) => {
    const rows = await db
      .update(outbox)
      .set({
        status: "sent",
        sentAt: sql`now()`,
        messageId: delivery.messageId,
        file: delivery.file ?? null,
        attempts: sql`${outbox.attempts} + 1`,
        lastError: null,
      })
      .where(and(eq(outbox.id, id), ne(outbox.status, "sent")))
      .returning({ id: outbox.id });
    return rows.length > 0;
  });
}

/** Records a failed attempt; `final`: no more attempts (the row becomes `failed`). The message must hold no secret. */
export async function recordOutboxFailure(id: number, message: string, final: boolean): Promise<void> {
  await withDb("recording a mail failure", async (db) => {
    await db
      .update(outbox)
      .set({
        attempts: sql`${outbox.attempts} + 1`,
        lastError: message.slice(0, 2000),
        status: final ? "failed" : "queued",
      })
      .where(and(eq(outbox.id, id), ne(outbox.status, "sent")));
  });
}

/**
 * Sends a failed message again (the admin outbox page's "retry"): its mail job is queued with fresh
 * attempts. False when the message is not failed (queued ones retry by themselves, sent ones never).
 */
export async function retryOutboxMessage(id: number): Promise<boolean> {
  return withDb("retrying a message", async (db) =>
    db.transaction(async (tx) => {
      const rows = await tx
        .update(outbox)
        .set({ status: "queued" })
        .where(and(eq(outbox.id, id), eq(outbox.status, "failed")))
        .returning({ id: outbox.id });
      if (rows.length === 0) return false;
      await tx
        .update(jobs)
        .set({ status: "queued", attempts: 0, runAfter: sql`now()`, finishedAt: null })
        .where(and(eq(jobs.kind, MAIL_JOB), eq(jobs.status, "failed"), sql`(${jobs.payload} ->> 'outboxId')::bigint = ${id}`));
      return true;
    }),
  );
}
