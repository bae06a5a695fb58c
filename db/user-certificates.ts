import "server-only";
/**
 * Certificates linked to an account (issue 9, item 9): a public PEM the user pastes or uploads, or the
 * signing certificate of an upload the account confirmed. Shown with their expiry on the account page
 * (and warned of before they expire). Each function takes the user's id: a user sees only their own.
 */
import { and, asc, eq } from "drizzle-orm";
import { MAX_CERTIFICATE_PEM_BYTES } from "@/lib/accounts/certificate-limits";
import { AppError } from "@/lib/errors";
import { CertificateError, parseCertificate } from "@/lib/metadata/pki/certificate";
import { pemBlocks } from "@/lib/metadata/pki/pem";
import { displayName } from "@/lib/metadata/pki/display-name";
import type { Db } from "./client";
import { recordAudit } from "./audit";
import { certificates, userCertificates, users } from "./schema";
import { withDb } from "./with-db";

export interface LinkedCertificate {
  fingerprint: string;
  subject: string;
  name: string;
  issuer: string;
  notAfter: string;
  publicKeySha256: string;
  source: "pem" | "upload";
  linkedAt: string;
}

/** Larger than any certificate chain a person pastes. */

/** Parses the first certificate of a PEM text, or says what is wrong with it. */
export function parseCertificatePem(pem: string) {
  if (pem.length > MAX_CERTIFICATE_PEM_BYTES) throw new AppError("payload_too_large", "a certificate PEM is at most 64 KiB");
  const block = pemBlocks(pem).find((b) => b.label === "CERTIFICATE");
  if (!block) {
    const hasKey = pemBlocks(pem).some((b) => b.label.includes("PRIVATE KEY"));
    throw new AppError(
      "bad_request",
      hasKey
        ? "this is a private key: never upload it. Paste the public certificate (-----BEGIN CERTIFICATE-----) instead"
        : "no certificate found: paste the public certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----",
    );
  }
  try {
    return parseCertificate(block.der);
  } catch (error) {
    if (error instanceof CertificateError) throw new AppError("bad_request", `this certificate cannot be read: ${error.message}`);
    throw new AppError("bad_request", "this certificate cannot be read");
  }
}

function summary(row: typeof userCertificates.$inferSelect): LinkedCertificate {
  return {
    fingerprint: row.fingerprint,
    subject: row.subject,
    name: displayName(row.subject),
    issuer: row.issuer,
    notAfter: row.notAfter.toISOString(),
    publicKeySha256: row.publicKeySha256,
    source: row.source,
    linkedAt: row.linkedAt.toISOString(),
  };
}

/** Links a public certificate given as PEM to the user's account (linking it again changes nothing). */
export async function linkCertificatePem(userId: string, pem: string, options: { address?: string } = {}): Promise<LinkedCertificate> {
  const info = parseCertificatePem(pem);
  return withDb("linking a certificate", async (db) =>
    db.transaction(async (tx) => {
      const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
      if (!user) throw new AppError("unauthorized", "sign in first");
      const [row] = await tx
        .insert(userCertificates)
        .values({
          userId,
          fingerprint: info.fingerprintSha256,
          pem: info.pem,
          subject: info.subject,
          issuer: info.issuer,
          notAfter: info.notAfter,
          publicKeySha256: info.publicKeySha256,
          source: "pem",
        })
        .onConflictDoNothing()
        .returning();
      if (row) {
        await recordAudit(
          {
            action: "certificate-linked",
            actor: { userId, email: user.email },
            targetUserId: userId,
            target: info.subject,
            address: options.address,
            details: { source: "pem", fingerprint: info.fingerprintSha256 },
          },
          tx,
        );
        return summary(row);
      }
      const [existing] = await tx
        .select()
        .from(userCertificates)
        .where(and(eq(userCertificates.userId, userId), eq(userCertificates.fingerprint, info.fingerprintSha256)));
      return summary(existing!);
    }),
  );
}

/** In a confirmation's transaction: links the stored certificate `fingerprint` to the account (source "upload"). */
export async function linkUploadCertificate(tx: Pick<Db, "select" | "insert">, userId: string, fingerprint: string): Promise<boolean> {
  const [cert] = await tx.select().from(certificates).where(eq(certificates.fingerprint, fingerprint));
  if (!cert) return false;
  const inserted = await tx
    .insert(userCertificates)
    .values({
      userId,
      fingerprint: cert.fingerprint,
      pem: cert.pem,
      subject: cert.subject,
      issuer: cert.issuer,
      notAfter: cert.notAfter,
      publicKeySha256: cert.publicKeySha256 ?? "",
      source: "upload",
    })
    .onConflictDoNothing()
    .returning({ fingerprint: userCertificates.fingerprint });
  if (inserted.length > 0) {
    await recordAudit(
      {
        action: "certificate-linked",
        actor: "system",
        targetUserId: userId,
        target: cert.subject,
        details: { source: "upload", fingerprint },
      },
      tx,
    );
  }
  return inserted.length > 0;
}

export async function listCertificates(userId: string): Promise<LinkedCertificate[]> {
  return withDb("listing certificates", async (db) =>
    (await db.select().from(userCertificates).where(eq(userCertificates.userId, userId)).orderBy(asc(userCertificates.notAfter))).map(
      summary,
    ),
  );
}

/** Unlinks one of the user's certificates; not theirs: 404. */
export async function unlinkCertificate(userId: string, fingerprint: string): Promise<void> {
  await withDb("unlinking a certificate", async (db) => {
    const removed = await db
      .delete(userCertificates)
      .where(and(eq(userCertificates.userId, userId), eq(userCertificates.fingerprint, fingerprint)))
      .returning({ fingerprint: userCertificates.fingerprint });
    if (removed.length === 0) throw new AppError("not_found", "no certificate of yours has this fingerprint");
  });
}
