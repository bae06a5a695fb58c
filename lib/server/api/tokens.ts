import "server-only";
/**
 * The JSON API of API tokens, as `vagrant cloud auth login` has it: `POST /api/v1/tokens` with an
 * email and password (what `marketplace login` sends), or by an account already signed in (a session
 * cookie or a token) with only a name; `GET` lists one's own tokens (never their secrets); `DELETE
 * /api/v1/tokens/{id}` revokes one of one's own (anyone else's is a 404, as one that does not exist).
 *
 * A request without `Authorization: Bearer` may ride on a cookie, so it passes the cross-site check
 * first (lib/http/csrf.ts); a Bearer request carries its credential itself and is not cookie-bound.
 */
import { verify } from "@node-rs/argon2";
import { z } from "zod";
import { checkPassword, createApiToken, getUserByEmail, listApiTokens, normalEmail, recordAudit, revokeApiToken, type UserRow } from "@/db";
import {
  tokenExpiry,
  tokenPasswordRequestSchema,
  tokenSignedInRequestSchema,
  type CreatedToken,
  type TokenList,
  type TokenSummary,
} from "@/lib/accounts/token-schemas";
import { AppError } from "@/lib/errors";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { jsonApiHandler } from "@/lib/http/handlers";
import { readCapped } from "@/lib/http/read-body";
import { clientAddress } from "@/lib/http/request-info";
import { jsonResponse } from "@/lib/http/responses";
import { actorOf, requireUser, type Actor } from "../auth/actor";
import { assertSignInAllowed, clearSignInFailures, recordSignInFailure } from "../auth/sign-in-limit";
import { NO_PARAMS, parseParams } from "./params";

const MAX_BODY_BYTES = 8 * 1024;
const NO_STORE = { "Cache-Control": "no-store" };

/** The cross-site check for requests that may be authenticated by a cookie. */
function assertNotCookieCsrf(request: Request): void {
  if (request.headers.get("authorization") !== null) return;
  try {
    assertNotCrossSite(request);
  } catch (error) {
    if (AppError.is(error) && error.code === "forbidden") {
      throw new AppError(
        "forbidden",
        "cross-site requests are not accepted: manage tokens on this Marketplace's own account page, or send Authorization: Bearer <token>",
      );
    }
    throw error;
  }
}

async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json")
    throw new AppError("unsupported_media_type", "send the request body as JSON (Content-Type: application/json)");
  const bytes = await readCapped(request, MAX_BODY_BYTES);
  try {
    return JSON.parse(bytes.toString("utf8")) as unknown;
  } catch {
    throw new AppError("bad_request", "the request body is not valid JSON");
  }
}

function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) => {
      if (issue.code === "unrecognized_keys") return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
      const field = issue.path.join(".");
      return field ? `${field}: ${issue.message}` : issue.message;
    })
    .join("; ");
  throw new AppError("bad_request", `invalid request body: ${message}`);
}

/** The account whose email and password these are, or the refusal: 429 guessing, 401 wrong, 403 unverified or disabled. */
async function accountByPassword(request: Request, email: string, password: string): Promise<UserRow> {
  const key = normalEmail(email);
  const address = clientAddress(request);
  // One budget of wrong passwords per account and address, shared with the web sign-in.
  await assertSignInAllowed(key, address);
  const user = await checkPassword(key, password);
  if (!user) {
    const existing = await getUserByEmail(key);
    // Disabled is said only to whoever knows the password; anyone else learns nothing about the email.
    if (existing?.disabledAt && existing.passwordHash && (await verify(existing.passwordHash, password).catch(() => false))) {
      throw new AppError("forbidden", "this account is disabled: ask the Marketplace's administrators");
    }
    await recordSignInFailure(key, address);
    await recordAudit({
      action: "sign-in-failed",
      actor: "visitor",
      targetUserId: existing?.id ?? null,
      target: key,
      address,
      details: { via: "api-token" },
    });
    throw new AppError("unauthorized", "wrong email or password");
  }
  await clearSignInFailures(key);
  if (!user.emailVerified) {
    throw new AppError("forbidden", "this account's email is not verified yet: follow the link in the verification email, then try again");
  }
  return user;
}

function actorLabel(actor: Actor, user: UserRow): { userId: string; email: string } {
  return actor.kind === "user" ? { userId: actor.user.id, email: actor.user.email } : { userId: user.id, email: user.email };
}

export const createTokenHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  assertNotCookieCsrf(request);
  const body = await readJsonBody(request);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("bad_request", 'invalid request body: expected an object, {"name"} or {"email", "password", "name"}');
  }
  const withPassword = "email" in body || "password" in body;
  let user: UserRow;
  let fields: { name: string; expiresInDays?: number | null };
  let via: string;
  let actor: Actor = { kind: "visitor" };
  if (withPassword) {
    const parsed = parseBody(tokenPasswordRequestSchema, body);
    user = await accountByPassword(request, parsed.email, parsed.password);
    fields = parsed;
    via = "password";
  } else {
    actor = await actorOf(request);
    if (actor.kind !== "user") {
      throw new AppError(
        "unauthorized",
        'send {"email", "password", "name"}, or sign in first (or send an API token: Authorization: Bearer <token>)',
      );
    }
    fields = parseBody(tokenSignedInRequestSchema, body);
    user = actor.user;
    via = actor.via;
  }
  const { token, summary } = await createApiToken(user.id, fields.name, tokenExpiry(fields.expiresInDays));
  await recordAudit({
    action: "token-created",
    actor: actorLabel(actor, user),
    targetUserId: user.id,
    target: summary.prefix,
    address: clientAddress(request),
    details: { tokenId: summary.id, name: summary.name, expiresAt: summary.expiresAt, via },
  });
  const reply: CreatedToken = {
    token,
    id: summary.id,
    name: summary.name,
    prefix: summary.prefix,
    createdAt: summary.createdAt,
    expiresAt: summary.expiresAt,
    user: { email: user.email, name: user.name },
  };
  return jsonResponse(201, reply, NO_STORE);
});

export const listTokensHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = requireUser(await actorOf(request));
  const tokens = await listApiTokens(actor.user.id);
  const reply: TokenList = { tokens: tokens.map((token) => ({ ...token, current: token.id === actor.tokenId })) };
  return jsonResponse(200, reply, NO_STORE);
});

export const revokeTokenHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  assertNotCookieCsrf(request);
  const actor = requireUser(await actorOf(request));
  // Ids are uuids; anything else names no token (and must not reach the database as a bad uuid).
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "no token of yours has this id");
  const summary: TokenSummary = await revokeApiToken(actor.user.id, id);
  await recordAudit({
    action: "token-revoked",
    actor: { userId: actor.user.id, email: actor.user.email },
    targetUserId: actor.user.id,
    target: summary.prefix,
    address: clientAddress(request),
    details: { tokenId: summary.id, name: summary.name, via: actor.via },
  });
  return jsonResponse(200, summary, NO_STORE);
});
