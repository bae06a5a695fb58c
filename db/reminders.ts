import "server-only";
/**
 * What the scheduled reminders (lib/server/mail/reminders.ts, reference section 4.10) send, and to
 * whom: the owners of verified endorser emails (user_emails) whose accounts are enabled and have the
 * reminder's setting on. Entries are the latest of their (identifier, email), not deprecated and not
 * hidden. The endorser email is matched case-insensitively (user_emails keeps it lowercased).
 */
import { and, asc, eq, gt, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { entries, userCertificates, userEmails, users } from "./schema";
import { withDb } from "./with-db";

export interface ReminderEntry {
  identifier: string;
  /** The entry's endorser email as the document wrote it. */
  email: string;
  created: Date;
  valid: Date | null;
  os: string | null;
  osVersion: string | null;
  locations: string[];
}

export interface EndorserReminder {
  userId: string;
  /** The verified endorser email (lowercased), where the reminder goes. */
  email: string;
  /** The CN of the newest entry's signer. */
  name: string;
  entries: ReminderEntry[];
}

type Setting = "notifyExpiry" | "notifyEndorsement";

async function endorserEntries(setting: Setting, validFrom: Date, validTo: Date | null): Promise<EndorserReminder[]> {
  const rows = await withDb("reading reminder recipients", async (db) =>
    db
      .select({
        userId: userEmails.userId,
        recipient: userEmails.email,
        name: entries.endorserName,
        identifier: entries.identifier,
        email: entries.email,
        created: entries.created,
        valid: entries.valid,
        os: entries.os,
        osVersion: entries.osVersion,
        locations: entries.locations,
      })
      .from(entries)
      .innerJoin(userEmails, and(eq(userEmails.email, sql`lower(${entries.email})`), isNotNull(userEmails.verifiedAt)))
      .innerJoin(users, eq(users.id, userEmails.userId))
      .where(
        and(
          eq(entries.latest, true),
          isNull(entries.deprecated),
          isNull(entries.hiddenAt),
          gt(entries.valid, validFrom),
          validTo ? lte(entries.valid, validTo) : undefined,
          eq(users[setting], true),
          isNull(users.disabledAt),
        ),
      )
      .orderBy(asc(userEmails.email), asc(entries.valid), asc(entries.identifier)),
  );
  const byEmail = new Map<string, EndorserReminder>();
  for (const row of rows) {
    let reminder = byEmail.get(row.recipient);
    if (!reminder) byEmail.set(row.recipient, (reminder = { userId: row.userId, email: row.recipient, name: row.name, entries: [] }));
    reminder.entries.push({
      identifier: row.identifier,
      email: row.email,
      created: row.created,
      valid: row.valid,
      os: row.os,
      osVersion: row.osVersion,
      locations: row.locations,
    });
  }
  return [...byEmail.values()];
}

/** The expiry warning: entries whose validity ends after `now` and at most `days` days later, by endorser email. */
export function expiringEntriesByEndorser(now: Date, days: number): Promise<EndorserReminder[]> {
  return endorserEntries("notifyExpiry", now, new Date(now.getTime() + days * 86_400_000));
}

/** The endorsement reminder: every current (valid, not deprecated) entry, by endorser email. */
export function currentEntriesByEndorser(now: Date): Promise<EndorserReminder[]> {
  return endorserEntries("notifyEndorsement", now, null);
}

export interface ExpiringCertificate {
  userId: string;
  /** The account's sign-in address, where the warning goes. */
  email: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  notAfter: Date;
}

/** Linked certificates that expire after `now` and at most `days` days later, of accounts with the setting on. */
export async function expiringCertificates(now: Date, days: number): Promise<ExpiringCertificate[]> {
  const until = new Date(now.getTime() + days * 86_400_000);
  return withDb("reading expiring certificates", async (db) =>
    db
      .select({
        userId: userCertificates.userId,
        email: users.email,
        fingerprint: userCertificates.fingerprint,
        subject: userCertificates.subject,
        issuer: userCertificates.issuer,
        notAfter: userCertificates.notAfter,
      })
      .from(userCertificates)
      .innerJoin(users, eq(users.id, userCertificates.userId))
      .where(
        and(
          gt(userCertificates.notAfter, now),
          lte(userCertificates.notAfter, until),
          eq(users.notifyCertificate, true),
          isNull(users.disabledAt),
        ),
      )
      .orderBy(asc(users.email), asc(userCertificates.notAfter)),
  );
}
