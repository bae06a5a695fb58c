/** The OpenAPI paths of the token API (lib/server/api/tokens.ts), kept apart so openapi.ts only spreads them in. */
import { TOKEN_EXPIRY_MAX_DAYS, TOKEN_NAME_MAX } from "@/lib/accounts/token-schemas";

type ErrorResponse = (description: string) => Record<string, unknown>;

const json = (component: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${component}` } } });

export function tokenPaths(errorResponse: ErrorResponse): Record<string, unknown> {
  const name = { type: "string", minLength: 1, maxLength: TOKEN_NAME_MAX, description: "what the token is for, e.g. cli on my-laptop" };
  const expiresInDays = {
    type: ["integer", "null"],
    minimum: 1,
    maximum: TOKEN_EXPIRY_MAX_DAYS,
    description: "days until the token stops working; omitted or null: it does not expire",
  };
  return {
    "/api/v1/tokens": {
      get: {
        summary: "Your API tokens (never their secrets)",
        security: [{ bearer: [] }, {}],
        responses: {
          "200": { description: "your tokens, newest first", content: json("TokenList") },
          "401": errorResponse("no credentials, or a token that is unknown, revoked or expired (the message says which)"),
        },
      },
      post: {
        summary: "Create an API token: with your email and password, or signed in (a session or a token) with only a name",
        description:
          "The secret is in this answer only; it is stored hashed. Send it as `Authorization: Bearer <token>`. Wrong passwords are limited per email and per address (429). " +
          "A request without Authorization from another site's page is refused (403).",
        security: [{}, { bearer: [] }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  {
                    type: "object",
                    additionalProperties: false,
                    required: ["email", "password", "name"],
                    properties: { email: { type: "string" }, password: { type: "string" }, name, expiresInDays },
                  },
                  { type: "object", additionalProperties: false, required: ["name"], properties: { name, expiresInDays } },
                ],
              },
            },
          },
        },
        responses: {
          "201": { description: "the new token, shown this once", content: json("CreatedToken") },
          "400": errorResponse("not JSON, an unknown field, or a bad name or expiry (the message names the field)"),
          "401": errorResponse("wrong email or password, no credentials, or a token that is unknown, revoked or expired"),
          "403": errorResponse("the account's email is not verified, the account is disabled, or a cross-site request"),
          "415": errorResponse("the body is not application/json"),
          "429": errorResponse("too many wrong passwords for this email or from this address; see Retry-After"),
        },
      },
    },
    "/api/v1/tokens/{id}": {
      delete: {
        summary: "Revoke one of your API tokens",
        security: [{ bearer: [] }, {}],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, description: "the token's id" }],
        responses: {
          "200": { description: "revoked (revoking it again changes nothing)", content: json("TokenSummary") },
          "401": errorResponse("no credentials, or a token that is unknown, revoked or expired"),
          "403": errorResponse("a cross-site request"),
          "404": errorResponse("none of your tokens has this id (another user's token is not yours)"),
        },
      },
    },
  };
}
