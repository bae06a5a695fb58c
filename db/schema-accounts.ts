/**
 * People and what proves who they are: accounts (next-auth's users, accounts, sessions and
 * verification tokens, with the column names @auth/drizzle-adapter expects), the endorser emails an
 * account owns, its linked certificates, API tokens and the one-time links sent by mail. Part of the
 * one schema: db/schema.ts re-exports this file.
 *
 * Secrets are never stored: API tokens and mailed links keep a SHA-256 of the secret, passwords an
 * argon2id hash.
 */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { AccountRole, EmailLinkPurpose } from "@/lib/accounts/roles";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const users = pgTable(
  "users",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    name: text("name"),
    /** The sign-in address, lowercased; unique. */
    email: text("email").notNull(),
    /** When the sign-in address was proven (a mailed link followed, or an OIDC provider said so). */
    emailVerified: timestamptz("email_verified"),
    image: text("image"),
    /** argon2id; null for accounts that sign in only with OIDC. */
    passwordHash: text("password_hash"),
    /** "endorser" is not stored: it follows from owning a verified endorser email (user_emails). */
    role: text("role").$type<AccountRole>().notNull().default("user"),
    /** Bumped by a password change, a role change and "sign out everywhere": older sessions stop working. */
    sessionVersion: integer("session_version").notNull().default(1),
    /** Demo accounts exist only with demo data on, and are marked so in the pages. */
    demo: boolean("demo").notNull().default(false),
    disabledAt: timestamptz("disabled_at"),
    notifyExpiry: boolean("notify_expiry").notNull().default(true),
    notifyEndorsement: boolean("notify_endorsement").notNull().default(true),
    notifyCertificate: boolean("notify_certificate").notNull().default(true),
    /** Mail me when the integrity monitor finds an image of my entries broken or changed. */
    notifyIntegrity: boolean("notify_integrity").notNull().default(true),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    check("users_role_check", sql`${t.role} in ('user', 'moderator', 'admin')`),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);

/** OIDC (and any other OAuth) sign-ins of an account: @auth/drizzle-adapter's table. */
export const authAccounts = pgTable(
  "auth_accounts",
  {
    userId: text("userId")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<"oauth" | "oidc" | "email" | "webauthn">().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("providerAccountId").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("auth_accounts_user_idx").on(t.userId)],
);

/** The adapter's session table. Sessions are JWTs (the Credentials provider needs them), so it stays empty. */
export const authSessions = pgTable("auth_sessions", {
  sessionToken: text("sessionToken").primaryKey(),
  userId: text("userId")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { mode: "date" }).notNull(),
});

/** The adapter's verification tokens (its email provider); our own mailed links are email_links. */
export const authVerificationTokens = pgTable(
  "auth_verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Endorser emails an account claims. Verified (a mailed link followed) makes the account the
 * endorser of that email: at most one account owns a verified email.
 */
export const userEmails = pgTable(
  "user_emails",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Lowercased. */
    email: text("email").notNull(),
    verifiedAt: timestamptz("verified_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.email] }),
    uniqueIndex("user_emails_verified_unique")
      .on(t.email)
      .where(sql`verified_at is not null`),
  ],
);

/** Certificates linked to an account (a public PEM uploaded, or taken from a confirmed upload), for their expiry. */
export const userCertificates = pgTable(
  "user_certificates",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 of the DER, as certificates.fingerprint. */
    fingerprint: text("fingerprint").notNull(),
    pem: text("pem").notNull(),
    subject: text("subject").notNull(),
    issuer: text("issuer").notNull(),
    notAfter: timestamptz("not_after").notNull(),
    publicKeySha256: text("public_key_sha256").notNull(),
    source: text("source").$type<"pem" | "upload">().notNull(),
    linkedAt: timestamptz("linked_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.fingerprint] }),
    check("user_certificates_source_check", sql`${t.source} in ('pem', 'upload')`),
  ],
);

/** Named API tokens for the CLI and scripts: shown once, stored as the SHA-256 of the secret. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Hex SHA-256 of the whole token. */
    tokenHash: text("token_hash").notNull(),
    /** The token's first characters, shown in lists so a person can tell tokens apart. */
    prefix: text("prefix").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at"),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId, t.createdAt)],
);

/**
 * One-time links sent by mail: account verification, password reset, proving an endorser email.
 * Each works once (used_at) and until expires_at. The upload confirmation links are pending_uploads'.
 */
export const emailLinks = pgTable(
  "email_links",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    purpose: text("purpose").$type<EmailLinkPurpose>().notNull(),
    /** Hex SHA-256 of the secret in the link. */
    tokenHash: text("token_hash").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address the link was sent to (for an endorser email, the email being proven). */
    email: text("email").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
    usedAt: timestamptz("used_at"),
  },
  (t) => [
    uniqueIndex("email_links_hash_unique").on(t.tokenHash),
    index("email_links_user_idx").on(t.userId, t.purpose),
    check("email_links_purpose_check", sql`${t.purpose} in ('verify-account', 'reset-password', 'verify-endorser-email')`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type UserEmailRow = typeof userEmails.$inferSelect;
export type UserCertificateRow = typeof userCertificates.$inferSelect;
export type EmailLinkRow = typeof emailLinks.$inferSelect;
