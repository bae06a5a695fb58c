/** The token API (`/api/v1/tokens`, lib/accounts/token-schemas.ts) as `marketplace login` and `logout` use it. */
import type { z } from "zod";
import {
  createdTokenSchema,
  tokenListSchema,
  tokenSummarySchema,
  type CreatedToken,
  type TokenList,
  type TokenSummary,
} from "@/lib/accounts/token-schemas";
import { AppError, type ErrorCode } from "@/lib/errors";
import { authenticationHint, type ApiToken } from "./api-token";
import { request } from "./marketplace-client";
import type { Endpoint } from "./settings";

export interface PasswordLogin {
  email: string;
  password: string;
  name: string;
  expiresInDays?: number;
}

const CODES: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  429: "rate_limited",
};

async function call<T extends z.ZodType>(
  endpoint: Endpoint,
  path: string,
  init: RequestInit,
  schema: T,
  doing: string,
  token?: ApiToken,
): Promise<z.infer<T>> {
  const headers: Record<string, string> = { Accept: "application/json", ...(init.headers as Record<string, string>) };
  if (token) headers.Authorization = `Bearer ${token.token}`;
  const response = await request(endpoint, `${endpoint.url}${path}`, { ...init, headers });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? `${response.status} ${response.statusText}`;
    const hint =
      response.status === 401 && !token
        ? "" // a wrong password: the message says so
        : response.status === 401 || response.status === 403
          ? `\n  ${authenticationHint(response.status, token, endpoint.url)}`
          : response.status === 404 && body === undefined
            ? `\n  ${endpoint.url} has no token API: is it a Marketplace of this version?`
            : "";
    throw new AppError(
      CODES[response.status] ?? (response.status >= 500 ? "upstream_failed" : "bad_request"),
      `${doing}: ${message}${hint}`,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError("upstream_failed", `${doing}: ${endpoint.url} answered something that is not a token reply`);
  return parsed.data;
}

export function createTokenWithPassword(endpoint: Endpoint, login: PasswordLogin): Promise<CreatedToken> {
  return call(
    endpoint,
    "/api/v1/tokens",
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(login) },
    createdTokenSchema,
    "login refused",
  );
}

export function listTokens(endpoint: Endpoint, token: ApiToken): Promise<TokenList> {
  return call(endpoint, "/api/v1/tokens", { method: "GET" }, tokenListSchema, "cannot list your tokens", token);
}

export function revokeToken(endpoint: Endpoint, token: ApiToken, id: string): Promise<TokenSummary> {
  return call(
    endpoint,
    `/api/v1/tokens/${encodeURIComponent(id)}`,
    { method: "DELETE" },
    tokenSummarySchema,
    "cannot revoke the token",
    token,
  );
}
