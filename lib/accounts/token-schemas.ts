/**
 * The JSON API of API tokens (`/api/v1/tokens`, lib/server/api/tokens.ts): the request body and the
 * replies, as zod schemas. The handler, the CLI's `marketplace login` (lib/cli/token-client.ts) and
 * the OpenAPI components (lib/server/api/openapi.ts) all derive from these.
 */
import { z } from "zod";

export const TOKEN_NAME_MAX = 100;
/** The expiries the account page offers; the API takes any whole number of days up to the maximum. */
export const TOKEN_EXPIRY_CHOICES = [30, 90, 365] as const;
export const TOKEN_EXPIRY_MAX_DAYS = 3650;

const name = z
  .string({ message: "must be a string" })
  .trim()
  .min(1, { message: "must not be empty" })
  .max(TOKEN_NAME_MAX, { message: `must be at most ${TOKEN_NAME_MAX} characters` });
const expiresInDays = z
  .number({ message: `must be a whole number of days (1 to ${TOKEN_EXPIRY_MAX_DAYS}) or null for no expiry` })
  .int({ message: "must be a whole number of days" })
  .min(1, { message: "must be at least 1 day" })
  .max(TOKEN_EXPIRY_MAX_DAYS, { message: `must be at most ${TOKEN_EXPIRY_MAX_DAYS} days` })
  .nullable()
  .optional();

/** `POST /api/v1/tokens` with an email and password (what `marketplace login` sends). */
export const tokenPasswordRequestSchema = z.strictObject({
  email: z.string({ message: "must be a string" }).trim().min(1, { message: "must not be empty" }).max(320),
  password: z.string({ message: "must be a string" }).min(1, { message: "must not be empty" }).max(1024),
  name,
  expiresInDays,
});

/** `POST /api/v1/tokens` by an account already signed in (a session or a token). */
export const tokenSignedInRequestSchema = z.strictObject({ name, expiresInDays });

export const tokenFormSchema = z.object({
  name,
  expiresInDays: z.enum(["never", ...TOKEN_EXPIRY_CHOICES.map(String)], { message: "choose never, 30, 90 or 365 days" }),
});

export const tokenSummarySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: "the token's first characters, to tell tokens apart" }),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** `201` of `POST /api/v1/tokens`: the secret, shown this once and never again. */
export const createdTokenSchema = z.strictObject({
  token: z.string().meta({ description: "the secret: send it as `Authorization: Bearer <token>`; it is shown only in this answer" }),
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  user: z.strictObject({ email: z.string(), name: z.string().nullable() }).meta({ description: "whose token it is" }),
});

/** One of `GET /api/v1/tokens`: `current` marks the token the request was made with (what `marketplace logout` revokes). */
export const tokenListItemSchema = tokenSummarySchema.extend({
  current: z.boolean().meta({ description: "this request was made with this token" }),
});

export const tokenListSchema = z.strictObject({ tokens: z.array(tokenListItemSchema) });

export type TokenSummary = z.infer<typeof tokenSummarySchema>;
export type CreatedToken = z.infer<typeof createdTokenSchema>;
export type TokenList = z.infer<typeof tokenListSchema>;

/** The OpenAPI components of these replies, by name. */
export const TOKEN_RESPONSE_COMPONENTS = {
  TokenSummary: tokenSummarySchema,
  TokenListItem: tokenListItemSchema,
  CreatedToken: createdTokenSchema,
  TokenList: tokenListSchema,
} as const;

/** Expiry `days` from `now`, or none. */
export function tokenExpiry(days: number | null | undefined, now = new Date()): Date | null {
  return days ? new Date(now.getTime() + days * 86_400_000) : null;
}
