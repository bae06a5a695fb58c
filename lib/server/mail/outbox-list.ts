import "server-only";
/** The outbox as the admin pages show it: each message with its status and, for the embedded default, its .eml file. */
import { listOutbox } from "@/db/outbox";
import type { OutboxRow } from "@/db/schema";
import { env } from "@/lib/env";
import { outboxDirectory, outboxFilePath } from "./transport";

export interface OutboxListing {
  /** "smtp" with SMTP_URL, else "file" (.eml files in `directory`). */
  delivery: "smtp" | "file";
  directory: string | null;
  messages: (OutboxRow & { path: string | null })[];
}

export async function outboxListing(limit = 100): Promise<OutboxListing> {
  const rows = await listOutbox(limit);
  return {
    delivery: env.SMTP_URL ? "smtp" : "file",
    directory: env.SMTP_URL ? null : outboxDirectory(),
    messages: rows.map((row) => ({ ...row, path: outboxFilePath(row) })),
  };
}
