import "server-only";
/**
 * The integrity monitor's data (issue 12, lib/server/integrity/): which entries are due for a check,
 * what a check needs to know of an entry, and its findings, recorded per location in
 * `location_checks` with the entry's verdict in `entries.integrity`, in one transaction that also
 * bumps the data version (listings show the badge, and their caches must see it at once).
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { integrityStatus, type IntegrityStatus, type LocationCheck, type LocationOutcome } from "@/lib/entries/integrity";
import { isWebLocation } from "@/lib/entries/status";
import type { EntryKey } from "@/lib/entries/types";
import type { Checksum } from "@/lib/metadata/model";
import type { Db } from "./client";
import { keyCondition } from "./get-entry";
import { bumpDataVersion } from "./store-entry";
import { entries, entryDocuments, locationChecks, userEmails, users, type LocationCheckRow } from "./schema";
import { withDb } from "./with-db";

/** Current entries (latest, valid, not deprecated, not hidden) with a web location, whose last check is older than `checkedBefore` or missing; never checked first. */
export async function entriesDueForIntegrityCheck(now: Date, checkedBefore: Date, limit: number): Promise<number[]> {
  const rows = await withDb("finding entries due for an integrity check", (db) =>
    db
      .select({ id: entries.id })
      .from(entries)
      .where(
        and(
          eq(entries.latest, true),
          gt(entries.valid, now),
          isNull(entries.deprecated),
          isNull(entries.hiddenReason),
          eq(entries.webLocation, true),
          or(isNull(entries.integrityCheckedAt), lt(entries.integrityCheckedAt, checkedBefore)),
        ),
      )
      .orderBy(sql`${entries.integrityCheckedAt} asc nulls first`, asc(entries.id))
      .limit(limit),
  );
  return rows.map((row) => row.id);
}

export interface IntegrityTarget {
  id: number;
  identifier: string;
  email: string;
  created: Date;
  title: string | null;
  /** Current: latest, valid now, not deprecated, not hidden. Only current entries are checked. */
  current: boolean;
  webLocations: string[];
  bytes: string;
  checksums: Checksum[];
  compression?: string;
}

export async function integrityTarget(entryId: number, now: Date = new Date()): Promise<IntegrityTarget | undefined> {
  const [row] = await withDb("reading an entry to check", (db) =>
    db
      .select({
        id: entries.id,
        identifier: entries.identifier,
        email: entries.email,
        created: entries.created,
        title: entries.title,
        latest: entries.latest,
        valid: entries.valid,
        deprecated: entries.deprecated,
        hiddenReason: entries.hiddenReason,
        locations: entries.locations,
        bytes: entries.bytes,
        checksums: entries.checksums,
        compression: sql<string | null>`${entryDocuments.metadata}->>'compression'`,
      })
      .from(entries)
      .innerJoin(entryDocuments, eq(entryDocuments.entryId, entries.id))
      .where(eq(entries.id, entryId))
      .limit(1),
  );
  if (!row) return undefined;
  return {
    id: row.id,
    identifier: row.identifier,
    email: row.email,
    created: row.created,
    title: row.title,
    current: row.latest && row.valid !== null && row.valid > now && row.deprecated === null && row.hiddenReason === null,
    webLocations: [...new Set(row.locations.filter(isWebLocation))],
    bytes: row.bytes,
    checksums: row.checksums,
    ...(row.compression ? { compression: row.compression } : {}),
  };
}

const FAILING: readonly LocationOutcome[] = ["unreachable", "size-mismatch", "checksum-mismatch"];

export interface RecordedIntegrity {
  status: IntegrityStatus | undefined;
  checks: LocationCheck[];
  /** The locations that started failing with this check (each is told to the endorser once). */
  newFailures: LocationCheck[];
  failingSince: Map<string, Date>;
}

/**
 * Records one check of an entry's locations: each location's row replaced (its last verified time and
 * the start of a run of failures carried over), rows of locations the entry no longer has removed.
 */
export async function recordIntegrityCheck(
  entryId: number,
  findings: Array<Omit<LocationCheck, "checkedAt" | "verifiedAt">>,
  checkedAt: Date,
): Promise<RecordedIntegrity> {
  return withDb("recording an integrity check", (db) =>
    db.transaction(async (tx) => {
      const previous = new Map(
        (await tx.select().from(locationChecks).where(eq(locationChecks.entryId, entryId))).map((row) => [row.location, row]),
      );
      const checks: LocationCheck[] = [];
      const newFailures: LocationCheck[] = [];
      const failingSince = new Map<string, Date>();
      for (const finding of findings) {
        const before = previous.get(finding.location);
        const failing = FAILING.includes(finding.outcome);
        const since = failing ? (before?.failingSince ?? checkedAt) : null;
        const verifiedAt = finding.outcome === "verified" ? checkedAt : (before?.verifiedAt ?? null);
        const row = {
          entryId,
          location: finding.location,
          outcome: finding.outcome,
          httpStatus: finding.httpStatus ?? null,
          bytes: finding.bytes ?? null,
          detail: finding.detail.slice(0, 2000),
          checkedAt,
          verifiedAt,
          failingSince: since,
        };
        await tx
          .insert(locationChecks)
          .values(row)
          .onConflictDoUpdate({ target: [locationChecks.entryId, locationChecks.location], set: row });
        const check = toLocationCheck(row);
        checks.push(check);
        if (since) failingSince.set(finding.location, since);
        if (since && since.getTime() === checkedAt.getTime()) newFailures.push(check);
      }
      const kept = findings.map((finding) => finding.location);
      await tx
        .delete(locationChecks)
        .where(and(eq(locationChecks.entryId, entryId), kept.length > 0 ? notInArray(locationChecks.location, kept) : undefined));
      const status = integrityStatus(findings.map((finding) => finding.outcome));
      const [before] = await tx.select({ integrity: entries.integrity }).from(entries).where(eq(entries.id, entryId));
      await tx
        .update(entries)
        .set({ integrity: status ?? null, integrityCheckedAt: checkedAt })
        .where(eq(entries.id, entryId));
      // The badge and its date are shown by listings: their caches must see every change of them.
      if (status !== undefined || (before?.integrity ?? null) !== null) await bumpDataVersion(tx);
      return { status, checks, newFailures, failingSince };
    }),
  );
}

/** The last check of each location of the entries, by entry id, in location order. */
export async function locationChecksOf(db: Pick<Db, "select">, entryIds: number[]): Promise<Map<number, LocationCheck[]>> {
  const byEntry = new Map<number, LocationCheck[]>();
  if (entryIds.length === 0) return byEntry;
  const rows = await db
    .select()
    .from(locationChecks)
    .where(inArray(locationChecks.entryId, entryIds))
    .orderBy(asc(locationChecks.entryId), asc(locationChecks.location));
  for (const row of rows) {
    const list = byEntry.get(row.entryId) ?? [];
    list.push(toLocationCheck(row));
    byEntry.set(row.entryId, list);
  }
  return byEntry;
}

function toLocationCheck(row: Omit<LocationCheckRow, "failingSince"> & { failingSince?: Date | null }): LocationCheck {
  return {
    location: row.location,
    outcome: row.outcome,
    ...(row.httpStatus !== null ? { httpStatus: row.httpStatus } : {}),
    ...(row.bytes !== null ? { bytes: row.bytes } : {}),
    detail: row.detail,
    checkedAt: row.checkedAt.toISOString(),
    ...(row.verifiedAt ? { verifiedAt: row.verifiedAt.toISOString() } : {}),
  };
}

/** Who is told of the entry's failures: the account that owns its endorser email verified, enabled, with the setting on. */
export async function integrityRecipient(email: string): Promise<{ userId: string; email: string } | undefined> {
  const [row] = await withDb("reading an endorser to notify", (db) =>
    db
      .select({ userId: userEmails.userId, email: userEmails.email })
      .from(userEmails)
      .innerJoin(users, eq(users.id, userEmails.userId))
      .where(
        and(
          eq(userEmails.email, email.toLowerCase()),
          isNotNull(userEmails.verifiedAt),
          isNull(users.disabledAt),
          eq(users.notifyIntegrity, true),
        ),
      )
      .limit(1),
  );
  return row;
}

/** What the entry API's "check again" needs to decide: the entry's id, why it is not current (if so) and its web locations. */
export async function entryIntegrityState(
  key: EntryKey,
  now: Date = new Date(),
): Promise<{ id: number; notCurrent?: string; webLocations: number } | undefined> {
  const where = keyCondition(key);
  if (!where) return undefined;
  const [row] = await withDb("reading an entry to check", (db) =>
    db
      .select({
        id: entries.id,
        latest: entries.latest,
        valid: entries.valid,
        deprecated: entries.deprecated,
        hiddenReason: entries.hiddenReason,
        locations: entries.locations,
      })
      .from(entries)
      .where(where)
      .limit(1),
  );
  if (!row) return undefined;
  const notCurrent =
    row.hiddenReason !== null
      ? "hidden"
      : row.deprecated !== null
        ? "deprecated"
        : !row.valid || row.valid <= now
          ? "expired"
          : !row.latest
            ? "superseded by a newer entry"
            : undefined;
  return { id: row.id, ...(notCurrent ? { notCurrent } : {}), webLocations: row.locations.filter(isWebLocation).length };
}
