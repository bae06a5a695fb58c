import "server-only";
/**
 * One-time links sent by mail (account verification, password reset, proving an endorser email): the
 * secret goes into the link, only its SHA-256 into email_links. A link works once and until it
 * expires; using it is one conditional UPDATE, so two clicks at once cannot both succeed.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { EmailLinkPurpose } from "@/lib/accounts/roles";
import { AppError } from "@/lib/errors";
import { emailLinks, type EmailLinkRow } from "./schema";
import type { Db } from "./client";
import { withDb } from "./with-db";

const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

function linkHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface NewEmailLink {
  purpose: EmailLinkPurpose;
  userId: string;
  email: string;
  /** How long the link works. */
  ttlMs: number;
}

/** Creates a link and returns its secret (43 base64url characters, 256 bits), to be mailed and forgotten. */
export async function createEmailLink(input: NewEmailLink, tx?: Pick<Db, "insert">): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const values = {
    purpose: input.purpose,
    tokenHash: linkHash(token),
    userId: input.userId,
    email: input.email,
    expiresAt: new Date(Date.now() + input.ttlMs),
  };
  if (tx) await tx.insert(emailLinks).values(values);
  else await withDb("creating a mailed link", async (db) => void (await db.insert(emailLinks).values(values)));
  return token;
}

/**
 * Uses a link of this purpose: marks it used and returns it. A link never issued (or of another
 * purpose) is a 404; a used or expired one a 410 saying which.
 */
export async function consumeEmailLink(purpose: EmailLinkPurpose, token: string): Promise<EmailLinkRow> {
  const unknown = new AppError("not_found", "this link is not known here: check that it was copied whole, or ask for a new one");
  if (!LINK_TOKEN.test(token)) throw unknown;
  const hash = linkHash(token);
  return withDb("using a mailed link", async (db) => {
    const [used] = await db
      .update(emailLinks)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(emailLinks.tokenHash, hash),
          eq(emailLinks.purpose, purpose),
          isNull(emailLinks.usedAt),
          gt(emailLinks.expiresAt, new Date()),
        ),
      )
      .returning();
    if (used) return used;
    const [row] = await db
      .select()
      .from(emailLinks)
      .where(and(eq(emailLinks.tokenHash, hash), eq(emailLinks.purpose, purpose)))
      .limit(1);
    if (!row) throw unknown;
    if (row.usedAt) throw new AppError("gone", "this link has been used already: each link works once. Ask for a new one if you need it");
    throw new AppError("gone", "this link has expired: ask for a new one");
  });
}

/** Whether a link of this purpose is still usable, without using it (the page that asks for a new password). */
export async function peekEmailLink(purpose: EmailLinkPurpose, token: string): Promise<"ok" | "unknown" | "used" | "expired"> {
  if (!LINK_TOKEN.test(token)) return "unknown";
  return withDb("reading a mailed link", async (db) => {
    const [row] = await db
      .select()
      .from(emailLinks)
      .where(and(eq(emailLinks.tokenHash, linkHash(token)), eq(emailLinks.purpose, purpose)))
      .limit(1);
    if (!row) return "unknown";
    if (row.usedAt) return "used";
    return row.expiresAt.getTime() <= Date.now() ? "expired" : "ok";
  });
}
