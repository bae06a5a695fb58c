import "server-only";
/**
 * Key continuity (PRODUCT.md, "Trust beyond the original"). The original believed any valid signature
 * about any email, counting on email confirmation, which this version does not have yet; so anyone
 * could publish, and deprecate, under someone else's email with a self-signed certificate. Now each
 * endorser email remembers the keys that have published for it:
 * - the first key to publish for an email is recorded;
 * - a key already recorded for the email publishes;
 * - another key publishes only with a certificate that chains to a trusted CA and carries that email
 *   (as a subject alternative name): the CA vouches for the email; the key is recorded;
 * - another key confirmed by the email's owner (a confirmed pending upload, or an upload by the account
 *   that owns the email verified, pending-uploads.ts) is admitted ("email-confirmed");
 * - anything else is refused with 403 (reason key_continuity): the upload path holds such an upload
 *   pending the email's confirmation instead (lib/server/upload.ts).
 * The decision is made inside the store transaction, under a lock per email, so two first uploads
 * for one email with different keys cannot both win.
 */
import { createHash } from "node:crypto";
import { and, asc, count, eq, max, min, sql } from "drizzle-orm";
import { endorserHistoryPath } from "@/lib/entries/entry-urls";
import type { CertificateUse } from "@/lib/entries/types";
import { AppError } from "@/lib/errors";
import { displayName } from "@/lib/metadata/pki/display-name";
import type { Db } from "./client";
import { formatMetadataDate } from "@/lib/metadata/dates";
import type { PreparedEntry } from "./prepare-entry";
import { certificates, endorserKeys, entries } from "./schema";
import { withDb } from "./with-db";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Records the signing key for the email, or throws the 403 that explains the refusal.
 * `confirmedByEmail`: the email's owner vouches for this upload, which admits a new key.
 */
export async function admitSigningKey(tx: Tx, prepared: PreparedEntry, locking = true, confirmedByEmail = false): Promise<void> {
  const { email } = prepared.key;
  const key = prepared.signingKey;
  if (locking) await tx.execute(sql`select pg_advisory_xact_lock(${emailLockKey(email)}::bigint)`);
  const known = await tx.select({ publicKeySha256: endorserKeys.publicKeySha256 }).from(endorserKeys).where(eq(endorserKeys.email, email));
  if (known.some((k) => k.publicKeySha256 === key.publicKeySha256)) return;
  const admittedBy =
    known.length === 0 ? "first-key" : vouchedByTrustedCa(prepared) ? "trusted-ca" : confirmedByEmail ? "email-confirmed" : undefined;
  if (!admittedBy) throw newKeyRefused(prepared);
  await tx
    .insert(endorserKeys)
    .values({ email, publicKeySha256: key.publicKeySha256, admittedBy, firstCertificate: prepared.certificate.fingerprint })
    .onConflictDoNothing();
}

/** The certificate chains to a trusted CA and carries the entry's endorser email: the CA vouches for the email. */
export function vouchedByTrustedCa({ key, signingKey }: Pick<PreparedEntry, "key" | "signingKey">): boolean {
  return signingKey.trustLabel === "trusted" && signingKey.emails.some((e) => e.toLowerCase() === key.email.toLowerCase());
}

function newKeyRefused({ key, certificate, signingKey }: PreparedEntry): AppError {
  return new AppError(
    "forbidden",
    `this entry for ${key.email} is signed with a key that has never published for that email (certificate ${displayName(certificate.subject)}, key SHA-256 ${signingKey.publicKeySha256.slice(0, 16)}...). ` +
      `To protect endorsers from impersonation, an email's entries are published only with the keys that published for it before: ` +
      `sign with a certificate already used for ${key.email} (listed on ${endorserHistoryPath(key.email)}), or with a certificate from a CA this Marketplace trusts that carries ${key.email} as its email address. ` +
      `Otherwise the upload waits until the owner of ${key.email} confirms it by mail.`,
    { reason: "key_continuity" },
  );
}

/** A signed 64-bit advisory lock key per email, distinct from the per-(identifier, email) keys. */
function emailLockKey(email: string): string {
  return createHash("sha256").update(`endorser email\u0001${email}`).digest().readBigInt64BE(0).toString();
}

/** Every certificate that has published for `email`, oldest first, with how its key was admitted. */
export async function endorserCertificates(email: string): Promise<CertificateUse[]> {
  return withDb("reading an endorser's certificates", async (db) => {
    const rows = await db
      .select({
        fingerprint: certificates.fingerprint,
        subject: certificates.subject,
        issuer: certificates.issuer,
        notAfter: certificates.notAfter,
        publicKeySha256: certificates.publicKeySha256,
        admittedBy: endorserKeys.admittedBy,
        entries: count(entries.id),
        firstEndorsed: min(entries.created),
        lastEndorsed: max(entries.created),
      })
      .from(entries)
      .innerJoin(certificates, eq(certificates.fingerprint, entries.certificateFingerprint))
      .leftJoin(endorserKeys, and(eq(endorserKeys.email, entries.email), eq(endorserKeys.publicKeySha256, certificates.publicKeySha256)))
      .where(eq(entries.email, email))
      .groupBy(certificates.fingerprint, endorserKeys.admittedBy)
      .orderBy(asc(min(entries.created)));
    return rows.map((row) => ({
      fingerprint: row.fingerprint,
      subject: row.subject,
      issuer: row.issuer,
      notAfter: row.notAfter.toISOString(),
      publicKeySha256: row.publicKeySha256 ?? "",
      admittedBy: row.admittedBy ?? "existing",
      entries: row.entries,
      firstEndorsed: row.firstEndorsed ? formatMetadataDate(row.firstEndorsed) : "",
      lastEndorsed: row.lastEndorsed ? formatMetadataDate(row.lastEndorsed) : "",
    }));
  });
}
