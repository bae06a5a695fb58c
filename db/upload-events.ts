import "server-only";
/** The audit trail of uploads: every attempt, stored or refused, with who sent it. */
import { and, desc, eq, gte, type SQL } from "drizzle-orm";
import type { EntryKey } from "@/lib/entries/types";
import { formatMetadataDate, parseMetadataDate } from "@/lib/metadata/dates";
import { uploadEvents, type NewUploadEventRow, type UploadOutcome } from "./schema";
import { optional } from "./summary";
import { withDb } from "./with-db";

export type { UploadOutcome } from "./schema";

export interface UploadEventInput {
  outcome: UploadOutcome;
  /** The entry concerned, when the document got that far. */
  key?: EntryKey;
  /** Problem codes (lib/metadata/problems.ts) or error codes (lib/errors.ts) of a refusal. */
  problems?: string[];
  /** Size of the uploaded document. */
  bytes?: number;
  address?: string;
  userAgent?: string;
  at?: Date;
}

export interface UploadEvent {
  id: number;
  at: string;
  outcome: UploadOutcome;
  problems: string[];
  identifier?: string;
  email?: string;
  created?: string;
  address?: string;
  userAgent?: string;
  bytes?: number;
}

const MAX_TEXT = 1_000;

/** A refusal, on its own (a stored upload's event is written in the store transaction: storeEntry). */
export async function recordUploadEvent(event: UploadEventInput): Promise<void> {
  await withDb("recording an upload", async (db) => {
    await db.insert(uploadEvents).values(uploadEventRow(event));
  });
}

/** The row of an event, every attacker-supplied text cut to a bounded length. */
export function uploadEventRow(event: UploadEventInput): NewUploadEventRow {
  return {
    outcome: event.outcome,
    problems: (event.problems ?? []).map((p) => p.slice(0, 100)).slice(0, 50),
    identifier: event.key?.identifier.slice(0, MAX_TEXT) ?? null,
    email: event.key?.email.slice(0, MAX_TEXT) ?? null,
    created: event.key ? (parseMetadataDate(event.key.created) ?? null) : null,
    address: event.address?.slice(0, MAX_TEXT) ?? null,
    userAgent: event.userAgent?.slice(0, MAX_TEXT) ?? null,
    size: event.bytes ?? null,
    ...(event.at ? { at: event.at } : {}),
  };
}

export interface UploadEventFilter {
  address?: string;
  email?: string;
  since?: Date;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** The newest upload events first, for moderation. */
export async function listUploadEvents(filter: UploadEventFilter = {}): Promise<UploadEvent[]> {
  return withDb("listing uploads", async (db) => {
    const conditions: SQL[] = [];
    if (filter.address !== undefined) conditions.push(eq(uploadEvents.address, filter.address));
    if (filter.email !== undefined) conditions.push(eq(uploadEvents.email, filter.email));
    if (filter.since !== undefined) conditions.push(gte(uploadEvents.at, filter.since));
    const rows = await db
      .select()
      .from(uploadEvents)
      .where(and(...conditions))
      .orderBy(desc(uploadEvents.at), desc(uploadEvents.id))
      .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000));
    return rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      outcome: row.outcome,
      problems: row.problems,
      ...optional({
        identifier: row.identifier,
        email: row.email,
        created: row.created ? formatMetadataDate(row.created) : null,
        address: row.address,
        userAgent: row.userAgent,
        bytes: row.size,
      }),
    }));
  });
}
