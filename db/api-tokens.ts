import "server-only";
/**
 * API tokens: `mkt_` and 43 base64url characters (256 random bits). Only their SHA-256 is stored, so
 * a copy of the database does not let anyone in. Each query takes the owner's id: a user lists and
 * revokes only their own tokens, decided here.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { apiTokens, users, type ApiTokenRow, type UserRow } from "./schema";
import { withDb } from "./with-db";

export const TOKEN_PREFIX = "mkt_";
const TOKEN_PATTERN = /^mkt_[A-Za-z0-9_-]{43}$/;

export interface ApiTokenSummary {
  id: string;
  name: string;
  /** The first characters, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function summary(row: ApiTokenRow): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** A new token for the user: the secret is in the answer and nowhere else, ever. */
export async function createApiToken(
  userId: string,
  name: string,
  expiresAt: Date | null,
): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await withDb("creating a token", async (db) => {
    const [inserted] = await db
      .insert(apiTokens)
      .values({ userId, name, tokenHash: tokenHash(token), prefix: token.slice(0, 10), expiresAt })
      .returning();
    return inserted!;
  });
  return { token, summary: summary(row) };
}

export async function listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
  return withDb("listing tokens", async (db) =>
    (await db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt))).map(summary),
  );
}

/** Revokes one of the user's own tokens; another user's token (or none) is a 404, the same answer either way. */
export async function revokeApiToken(userId: string, id: string): Promise<ApiTokenSummary> {
  return withDb("revoking a token", async (db) => {
    const [row] = await db
      .update(apiTokens)
      .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
      .returning();
    if (!row) throw new AppError("not_found", "no token of yours has this id");
    return summary(row);
  });
}

/**
 * The account a presented token belongs to, or why not: a malformed, unknown, revoked or expired
 * token, or a disabled account, is a 401 naming which.
 */
export async function userForToken(token: string): Promise<{ user: UserRow; tokenId: string }> {
  if (!TOKEN_PATTERN.test(token)) throw new AppError("unauthorized", "this is not a Marketplace API token (they start with mkt_)");
  return withDb("checking a token", async (db) => {
    const [found] = await db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.tokenHash, tokenHash(token)))
      .limit(1);
    if (!found) throw new AppError("unauthorized", "unknown API token: create one on your account page or with `marketplace login`");
    if (found.token.revokedAt) throw new AppError("unauthorized", "this API token was revoked");
    if (found.token.expiresAt && found.token.expiresAt <= new Date()) throw new AppError("unauthorized", "this API token has expired");
    if (found.user.disabledAt) throw new AppError("unauthorized", "the account of this API token is disabled");
    // At most one write per token a minute: a busy script does not turn every read into a write.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiTokens.id, found.token.id),
          sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - interval '1 minute')`,
          isNull(apiTokens.revokedAt),
        ),
      );
    return { user: found.user, tokenId: found.token.id };
  });
}
