import "server-only";
/**
 * The one next-auth configuration: pages, route handlers (app/api/auth/[...nextauth]), server
 * actions and anything else that asks who is signed in use what this exports.
 *
 * - Credentials (email + password, argon2id) and, when AUTH_OIDC_* are set, one OpenID Connect
 *   provider. OIDC accounts live in the drizzle tables through @auth/drizzle-adapter.
 * - Sessions are JWTs (the Credentials provider needs them), short-lived (8 h, renewed each hour of
 *   use), carrying the account id and its session version; ./session.ts checks both against the
 *   database on every request, so a password change, a role change or "sign out everywhere" ends
 *   every older session at once.
 * - The configuration is built on first use (not at import, which `next build` does): the secret
 *   may have to be read from, or generated into, the data directory.
 * - trustHost: the server process (lib/http-server) has already replaced the Host and forwarding
 *   headers by what the connection and the trusted proxies (TRUST_PROXY) say; with PUBLIC_URL set,
 *   next-auth builds its URLs on it instead (AUTH_URL).
 */
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getUserById, markEmailVerified, normalEmail, recordAudit } from "@/db";
import { authAccounts, authSessions, authVerificationTokens, users } from "@/db/schema";
import { signInForm } from "@/lib/accounts/account-forms";
import { env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/request-info";
import { logger } from "@/lib/logger";
import { passwordSignIn, SignInRefused } from "../accounts/accounts";
import { authSecret } from "./secret";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
export const SESSION_UPDATE_AGE_SECONDS = 60 * 60;
export const OIDC_PROVIDER_ID = "oidc";

declare module "next-auth" {
  interface Session {
    /** The account's id (users.id), and its session version when the token was issued. */
    accountId?: string;
    accountVersion?: number;
  }
}

/** A refused password sign-in: next-auth puts `code` in the sign-in page's address (?code=unverified). */
class PasswordSignInRefused extends CredentialsSignin {
  constructor(refusal: SignInRefused) {
    super(refusal.message);
    this.code = refusal.reason;
  }
}

const ADAPTER_METHODS = [
  "createUser",
  "getUser",
  "getUserByEmail",
  "getUserByAccount",
  "updateUser",
  "deleteUser",
  "linkAccount",
  "unlinkAccount",
  "createSession",
  "getSessionAndUser",
  "updateSession",
  "deleteSession",
  "createVerificationToken",
  "useVerificationToken",
] as const;

/** The drizzle adapter on the process's database, opened on first use; emails lowercased as users.email is stored. */
function adapter(): Adapter {
  let real: Promise<Adapter> | undefined;
  const open = () =>
    (real ??= getDb().then((db) =>
      (DrizzleAdapter as (db: unknown, schema: unknown) => Adapter)(db, {
        usersTable: users,
        accountsTable: authAccounts,
        sessionsTable: authSessions,
        verificationTokensTable: authVerificationTokens,
      }),
    ));
  const wrapped: Record<string, unknown> = {};
  for (const name of ADAPTER_METHODS) {
    wrapped[name] = async (...args: unknown[]) => {
      const target = await open();
      if (name === "createUser" && args[0]) {
        const user = args[0] as { email: string };
        args[0] = { ...user, email: normalEmail(user.email) };
      }
      if (name === "getUserByEmail" && typeof args[0] === "string") args[0] = normalEmail(args[0]);
      return (target[name] as (...a: unknown[]) => unknown)(...args);
    };
  }
  return wrapped as Adapter;
}

function oidcProvider(): NextAuthConfig["providers"] {
  if (!env.AUTH_OIDC_ISSUER || !env.AUTH_OIDC_ID || !env.AUTH_OIDC_SECRET) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: env.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_ID,
      clientSecret: env.AUTH_OIDC_SECRET,
      checks: ["pkce", "state", "nonce"],
      // The ID token is checked, then the profile read from userinfo: many providers put email and
      // name only there (the specification lets them), and without the email no account can be made.
      idToken: false,
    },
  ];
}

let config: NextAuthConfig | undefined;

function authConfig(): NextAuthConfig {
  if (config) return config;
  if (env.PUBLIC_URL && !process.env.AUTH_URL) process.env.AUTH_URL = new URL(env.PUBLIC_URL).origin;
  config = {
    secret: authSecret(),
    trustHost: true,
    basePath: "/api/auth",
    adapter: adapter(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in", verifyRequest: "/sign-in", newUser: "/account" },
    providers: [
      Credentials({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const form = signInForm.safeParse(credentials);
          if (!form.success) throw new PasswordSignInRefused(new SignInRefused("invalid", "enter your email address and password"));
          const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
          try {
            const user = await passwordSignIn(form.data.email, form.data.password, address);
            return { id: user.id, email: user.email, name: user.name };
          } catch (error) {
            if (error instanceof SignInRefused) throw new PasswordSignInRefused(error);
            throw error;
          }
        },
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === "credentials") return true;
        // An account is its email: a provider that shares none (its scope refused) cannot make one.
        if (!user.email || !z.email().safeParse(user.email.trim()).success) return "/sign-in?error=OidcNoEmail";
        if (!user.id) return true;
        // An OIDC sign-in of an existing account: a disabled one stays out.
        const row = await getUserById(user.id);
        return !row?.disabledAt;
      },
      async jwt({ token, user }) {
        if (user?.id) {
          const row = await getUserById(user.id);
          token.uid = user.id;
          token.sv = row?.sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        session.accountId = typeof token.uid === "string" ? token.uid : undefined;
        session.accountVersion = typeof token.sv === "number" ? token.sv : undefined;
        return session;
      },
      redirect({ url, baseUrl }) {
        // Only this site: a callbackUrl elsewhere lands on the account page.
        if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
        try {
          if (new URL(url).origin === new URL(baseUrl).origin) return url;
        } catch {
          // not a URL
        }
        return `${baseUrl}/account`;
      },
    },
    events: {
      async signIn({ user, account, profile }) {
        if (account?.provider === "credentials" || !user.id) return; // audited by passwordSignIn
        // The provider vouches for the address: the account's email counts as proven, as after our own mailed link.
        if (profile?.email_verified === true) await markEmailVerified(user.id);
        await recordAudit({
          action: "sign-in",
          actor: { userId: user.id, email: user.email ?? "" },
          targetUserId: user.id,
          details: { method: account?.provider ?? "oidc" },
        });
      },
    },
    logger: {
      error(error) {
        // A refused sign-in is an answer, not a server error (and audited already).
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
        logger.warn("sign-in machinery", { error: error.message, type: (error as { type?: string }).type, cause: rootCauseText(error) });
      },
      warn(code) {
        logger.warn("sign-in machinery", { code });
      },
      debug() {},
    },
  };
  return config;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());

/** Whether an OIDC provider is configured, and its name, for the sign-in page. */
export function oidcSignIn(): { id: string; name: string } | null {
  return env.AUTH_OIDC_ISSUER ? { id: OIDC_PROVIDER_ID, name: env.AUTH_OIDC_NAME } : null;
}

/**
 * The innermost cause's message (a database error's own words, say), never a wrapping query's text:
 * drizzle's "Failed query" message lists the parameters, and for an OIDC sign-in those are tokens.
 */
function rootCauseText(error: Error): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8; depth += 1) {
    const next = (current as { cause?: unknown })?.cause;
    const inner = next && typeof next === "object" && "err" in next ? (next as { err: unknown }).err : next;
    if (!inner) break;
    current = inner;
  }
  if (current === error || !(current instanceof Error)) return undefined;
  return /^Failed query/.test(current.message) ? current.name : current.message.slice(0, 300);
}
