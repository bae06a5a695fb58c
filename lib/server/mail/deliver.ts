import "server-only";
/**
 * The `mail` job (db/outbox.ts queueMail queues it with {outboxId}): delivers one outbox row, once.
 * The row is the idempotency record: a row already `sent` is not sent again (a retry after a success
 * whose completion was lost), and it is marked sent right after the server accepted it. An SMTP
 * server that is down or answers 4xx fails the attempt and the job retries with backoff, so nothing
 * queued is lost; a 5xx answer (the address refused) fails the message at once.
 */
import { z } from "zod";
import { getOutboxMessage, markOutboxSent, recordOutboxFailure } from "@/db/outbox-delivery";
import type { JobRow } from "@/db/schema";
import { logger } from "@/lib/logger";
import { errorText } from "../jobs/error-text";
import { PermanentJobError } from "../jobs/registry";
import { mailer, smtpSecrets } from "./transport";

const payloadSchema = z.object({ outboxId: z.number().int().positive() });

/** An SMTP answer that retrying will not change (5xx), as nodemailer reports it. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

export async function deliverMail(job: JobRow): Promise<void> {
  const payload = payloadSchema.safeParse(job.payload);
  if (!payload.success) throw new PermanentJobError("a mail job needs {outboxId}");
  const { outboxId } = payload.data;
  const row = await getOutboxMessage(outboxId);
  if (!row) throw new PermanentJobError(`outbox message ${outboxId} does not exist`);
  if (row.status === "sent") return;
  const transport = await mailer();
  let delivery;
  try {
    delivery = await transport.send(row);
  } catch (error) {
    const permanent = isPermanent(error);
    const message = errorText(error, smtpSecrets());
    await recordOutboxFailure(outboxId, message, permanent || job.attempts >= job.maxAttempts);
    if (permanent) throw new PermanentJobError(message, { cause: error });
    throw new Error(message, { cause: error });
  }
  await markOutboxSent(outboxId, delivery);
  logger.info("mail sent", { outbox: outboxId, kind: row.kind, via: transport.kind, file: delivery.file ?? undefined });
}
