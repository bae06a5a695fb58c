import "server-only";
/**
 * Endorser emails an account claims (issue 9, items 2 and 4): added, proven by a mailed one-time link
 * (email_links, purpose verify-endorser-email; only the link secret's SHA-256 is stored), removed.
 * A verified email makes the account the endorser of that email; at most one account owns a verified
 * email (the unique partial index), so a second claimant is told so with a 409. Every function takes
 * the acting user's id and decides here what that user may do.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Db } from "./client";
import { errorCode } from "./errors";
import { recordAudit } from "./audit";
import { queueMail } from "./outbox";
import { emailLinks, userEmails, users } from "./schema";
import { withDb } from "./with-db";

/** How long the link that proves an endorser email works. */
export const ENDORSER_EMAIL_LINK_HOURS = 48;

const emailSchema = z.string().trim().toLowerCase().max(320).email();

export interface EndorserEmail {
  email: string;
  verified: boolean;
  verifiedAt: string | null;
  addedAt: string;
}

type Reader = Pick<Db, "select">;

/** The account that owns `email` verified, or null. */
export async function verifiedOwnerOf(email: string, tx?: Reader): Promise<string | null> {
  const run = async (db: Reader) => {
    const [row] = await db
      .select({ userId: userEmails.userId })
      .from(userEmails)
      .where(and(eq(userEmails.email, email.toLowerCase()), isNotNull(userEmails.verifiedAt)))
      .limit(1);
    return row?.userId ?? null;
  };
  return tx ? run(tx) : withDb("reading an endorser email's owner", run);
}

/** The user's verified endorser emails. */
export async function verifiedEmailsOf(userId: string, tx?: Reader): Promise<string[]> {
  const run = async (db: Reader) =>
    (
      await db
        .select({ email: userEmails.email })
        .from(userEmails)
        .where(and(eq(userEmails.userId, userId), isNotNull(userEmails.verifiedAt)))
    ).map((r) => r.email);
  return tx ? run(tx) : withDb("reading endorser emails", run);
}

export async function listEndorserEmails(userId: string): Promise<EndorserEmail[]> {
  return withDb("listing endorser emails", async (db) =>
    (await db.select().from(userEmails).where(eq(userEmails.userId, userId)).orderBy(asc(userEmails.createdAt))).map((row) => ({
      email: row.email,
      verified: row.verifiedAt !== null,
      verifiedAt: row.verifiedAt?.toISOString() ?? null,
      addedAt: row.createdAt.toISOString(),
    })),
  );
}

function linkHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function parseEndorserEmail(value: unknown): string {
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) throw new AppError("bad_request", "enter an email address such as name@example.org");
  return parsed.data;
}

/**
 * Claims `email` for the user and mails it a link that proves it (`verifyUrl(secret)` writes the
 * link). An email another account owns verified is a 409; one the user owns verified already is left
 * as it is. Returns whether a link was sent.
 */
export async function addEndorserEmail(
  userId: string,
  rawEmail: string,
  verifyUrl: (secret: string) => string,
  options: { address?: string } = {},
): Promise<{ sent: boolean }> {
  const email = parseEndorserEmail(rawEmail);
  return withDb("adding an endorser email", async (db) =>
    db.transaction(async (tx) => {
      const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
      if (!user) throw new AppError("unauthorized", "sign in first");
      const owner = await verifiedOwnerOf(email, tx);
      if (owner === userId) return { sent: false };
      if (owner) throw claimedByAnother(email);
      await tx.insert(userEmails).values({ userId, email }).onConflictDoNothing();
      const secret = randomBytes(32).toString("base64url");
      await tx.insert(emailLinks).values({
        purpose: "verify-endorser-email",
        tokenHash: linkHash(secret),
        userId,
        email,
        expiresAt: new Date(Date.now() + ENDORSER_EMAIL_LINK_HOURS * 3600_000),
      });
      await queueMail(
        {
          to: email,
          subject: "Marketplace: confirm your endorser email",
          kind: "verify-endorser-email",
          text:
            `The Marketplace account ${user.email} asks to become the endorser of ${email}:\n` +
            `its entries would then be published at once when that account uploads them, and listed under "My entries".\n\n` +
            `If this is you, confirm by visiting this link (it works once, for ${ENDORSER_EMAIL_LINK_HOURS} hours):\n\n` +
            `${verifyUrl(secret)}\n\nIf it is not, ignore this message: nothing changes.\n`,
        },
        tx,
      );
      await recordAudit(
        {
          action: "endorser-email-added",
          actor: { userId, email: user.email },
          targetUserId: userId,
          target: email,
          address: options.address,
        },
        tx,
      );
      return { sent: true };
    }),
  );
}

function claimedByAnother(email: string): AppError {
  return new AppError(
    "conflict",
    `${email} is already verified by another account: an endorser email belongs to one account. If it is yours, ask an administrator.`,
  );
}

/** Follows a mailed link: the email becomes verified for the account that asked. Unknown: 404; used or expired: 410. */
export async function verifyEndorserEmail(secret: string, options: { address?: string } = {}): Promise<{ email: string; userId: string }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(secret)) throw new AppError("not_found", "this link is not valid: copy the whole link from the mail");
  return withDb("verifying an endorser email", async (db) =>
    db.transaction(async (tx) => {
      const [link] = await tx
        .select()
        .from(emailLinks)
        .where(and(eq(emailLinks.tokenHash, linkHash(secret)), eq(emailLinks.purpose, "verify-endorser-email")));
      if (!link) throw new AppError("not_found", "this link is not valid: copy the whole link from the mail");
      if (link.usedAt) throw new AppError("gone", "this link was already used; the email is verified. Add the email again for a new link.");
      if (link.expiresAt.getTime() < Date.now())
        throw new AppError("gone", "this link has expired: add the email again on your account page for a new link");
      const owner = await verifiedOwnerOf(link.email, tx);
      if (owner && owner !== link.userId) throw claimedByAnother(link.email);
      const [used] = await tx
        .update(emailLinks)
        .set({ usedAt: new Date() })
        .where(and(eq(emailLinks.id, link.id), isNull(emailLinks.usedAt)))
        .returning({ id: emailLinks.id });
      if (!used) throw new AppError("gone", "this link was already used");
      try {
        const updated = await tx
          .update(userEmails)
          .set({ verifiedAt: new Date() })
          .where(and(eq(userEmails.userId, link.userId), eq(userEmails.email, link.email)))
          .returning({ email: userEmails.email });
        if (updated.length === 0)
          throw new AppError("gone", "this email was removed from the account after the link was sent: add it again");
      } catch (error) {
        if (errorCode(error) === "23505") throw claimedByAnother(link.email);
        throw error;
      }
      // Other accounts' claims of the email cannot be verified any more.
      await tx
        .update(emailLinks)
        .set({ usedAt: new Date() })
        .where(and(eq(emailLinks.email, link.email), ne(emailLinks.userId, link.userId), isNull(emailLinks.usedAt)));
      const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, link.userId));
      await recordAudit(
        {
          action: "endorser-email-verified",
          actor: user ? { userId: link.userId, email: user.email } : "visitor",
          targetUserId: link.userId,
          target: link.email,
          address: options.address,
        },
        tx,
      );
      return { email: link.email, userId: link.userId };
    }),
  );
}

/** Removes one of the user's endorser emails (verified or not); not theirs: 404. */
export async function removeEndorserEmail(userId: string, rawEmail: string): Promise<void> {
  const email = parseEndorserEmail(rawEmail);
  await withDb("removing an endorser email", async (db) => {
    const removed = await db
      .delete(userEmails)
      .where(and(eq(userEmails.userId, userId), eq(userEmails.email, email)))
      .returning({ email: userEmails.email });
    if (removed.length === 0) throw new AppError("not_found", `${email} is not one of your endorser emails`);
    await db
      .update(emailLinks)
      .set({ usedAt: new Date() })
      .where(and(eq(emailLinks.userId, userId), eq(emailLinks.email, email), isNull(emailLinks.usedAt)));
  });
}

/** The accounts with at least the moderator role: who hears of abuse reports. */
export async function moderatorsAndAdmins(tx?: Reader): Promise<Array<{ id: string; email: string }>> {
  const run = async (db: Reader) =>
    db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(inArray(users.role, ["moderator", "admin"]), isNull(users.disabledAt)));
  return tx ? run(tx) : withDb("reading moderators", run);
}
