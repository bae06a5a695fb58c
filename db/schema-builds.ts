/**
 * The image builds (issue 10): one row per build, owned by a user, run by the job queue (a `build`
 * job per attempt); its progress, artifacts and skeletal metadata live here, its log lines in
 * build_events (numbered, so the events stream resumes from Last-Event-ID). Part of the one schema:
 * db/schema.ts re-exports this file.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { BuildArtifactRecord, BuildBootResult, BuildStatus } from "@/lib/build/build-status";
import { users } from "./schema-accounts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const builds = pgTable(
  "builds",
  {
    /** Random, URL-safe: the build's URL names it, and guessing one gives nothing (others' builds are 404). */
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status").$type<BuildStatus>().notNull().default("queued"),
    stage: text("stage"),
    percent: integer("percent").notNull().default(0),
    error: text("error"),
    /** The public base URL of the request that started it: the artifacts' URLs and the mail's links start with it. */
    baseUrl: text("base_url").notNull(),
    /** The recipe as parsed (every default filled in). */
    recipe: jsonb("recipe").$type<Record<string, unknown>>().notNull(),
    artifacts: jsonb("artifacts").$type<BuildArtifactRecord[]>().notNull().default([]),
    /** The skeletal metadata (unsigned), with the artifact's URL as its location and the build record. */
    metadataXml: text("metadata_xml"),
    /** How it was made (lib/build/build-record.ts), as the metadata states it. */
    record: jsonb("record").$type<Record<string, unknown>>(),
    boot: jsonb("boot").$type<BuildBootResult>(),
    /** Bytes of the artifacts kept for this build (the owner's quota counts them). */
    bytesStored: bigint("bytes_stored", { mode: "number" }).notNull().default(0),
    /** The attempt that may write: a worker's progress and result count only while its attempt is the build's. */
    attempt: integer("attempt").notNull().default(0),
    worker: text("worker"),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    startedAt: timestamptz("started_at"),
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    index("builds_owner_idx").on(t.ownerId, t.createdAt),
    // An entry page asks whether this Marketplace built (and boot-tested) the image with its checksum.
    index("builds_artifacts_idx").using("gin", sql`${t.artifacts} jsonb_path_ops`),
    check("builds_status_check", sql`${t.status} in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`),
    check("builds_percent_check", sql`${t.percent} between 0 and 100`),
  ],
);

export const buildEvents = pgTable(
  "build_events",
  {
    buildId: text("build_id")
      .notNull()
      .references(() => builds.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    at: timestamptz("at").notNull().defaultNow(),
    /** `log`, `stage` (data: "stage percent") or `status`. */
    type: text("type").notNull(),
    data: text("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.buildId, t.seq] })],
);

export type BuildRow = typeof builds.$inferSelect;
export type BuildEventRow = typeof buildEvents.$inferSelect;
