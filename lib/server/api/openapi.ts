/**
 * The OpenAPI 3.1 description of the JSON API (/api/v1), served at /api/v1/openapi.json. The query
 * parameters' schema and every JSON response body (lib/entries/api-responses.ts, entry-schemas.ts,
 * endorser-schemas.ts) are generated from the same zod schemas the handlers validate with or are typed by.
 */
import { z } from "zod";
import { DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS } from "@/lib/entries/history-range";
import { listParamsSchema, PAGE_SIZES, SORT_FIELDS } from "@/lib/entries/list-query";
import { API_RESPONSE_COMPONENTS } from "@/lib/entries/api-responses";
import { TOKEN_RESPONSE_COMPONENTS } from "@/lib/accounts/token-schemas";
import { buildPaths } from "./openapi-builds";
import { draftPaths } from "./openapi-drafts";
import { tokenPaths } from "./openapi-tokens";
import { ADMIN_RESPONSE_COMPONENTS, auditQuerySchema } from "@/lib/accounts/admin-schemas";

const PARAMETER_DOCS: Record<string, string> = {
  status: "valid (default), expired, deprecated, or all (any other value is a 400)",
  location: "all (default), web (http/https or none) or pdisk",
  identifier: "exact image identifier (27 characters)",
  email: "exact endorser email",
  created: "exact endorsement date (yyyy-MM-ddTHH:mm:ssZ); lists every entry, not only the latest",
  tag: "exact dcterms:alternative",
  q: "full-text search over title, description, OS, identifier, endorser, location and tag; terms are ANDed and prefix-matched",
  os: "OS, case-insensitive exact match",
  osVersion: "OS version, case-insensitive exact match",
  arch: "architecture, case-insensitive exact match",
  kind: "machine or disk, case-insensitive exact match",
  sort: `one of ${SORT_FIELDS.join(", ")} (default created)`,
  order: "asc or desc (default desc for created, asc otherwise)",
  pageSize: `entries per page, 1 to 100 (the pages offer ${PAGE_SIZES.join(", ")}; default 20)`,
  page: "1-based page number (ignored with cursor)",
  cursor: "opaque cursor of the next page, from nextCursor",
};

const historyRangeSchema = {
  oneOf: [
    { type: "integer", minimum: 1, maximum: MAX_HISTORY_DAYS },
    { type: "string", enum: ["all"] },
  ],
};

const keyParameters = ["identifier", "email", "created"].map((name) => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string" },
  description: { identifier: "image identifier", email: "endorser email", created: "endorsement date, yyyy-MM-ddTHH:mm:ssZ" }[name],
}));

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const querySchema = z.toJSONSchema(listParamsSchema, { io: "input" }) as { properties: Record<string, unknown> };
  const listParameters = Object.entries(querySchema.properties).map(([name, schema]) => ({
    name,
    in: "query",
    required: false,
    schema,
    description: PARAMETER_DOCS[name],
  }));
  return {
    openapi: "3.1.0",
    info: {
      title: "Appliance Marketplace API",
      version: "1.0.0",
      description:
        "Signed metadata of virtual-machine appliances. The StratusLab protocol (/metadata, /endorsers, /tag) is served unchanged beside this API, with its own parameter rules. " +
        "Parameters of this API: a value it does not know and a parameter it does not have are both refused with 400, naming the parameter.",
    },
    servers: [{ url: serverUrl }],
    paths: {
      "/api/v1": {
        get: {
          summary: "Index of the API: links to its resources and to this document",
          responses: {
            "200": { description: "the index", content: { "application/json": { schema: { $ref: "#/components/schemas/ApiIndex" } } } },
          },
        },
      },
      "/api/v1/entries": {
        get: {
          summary: "List entries (latest per image and endorser unless `created` is given)",
          parameters: listParameters,
          responses: {
            "200": { description: "a page", content: { "application/json": { schema: { $ref: "#/components/schemas/ListPage" } } } },
            "400": errorResponse("bad parameter"),
          },
        },
        post: {
          summary: "Upload a signed metadata entry, or only validate it (dryRun=true)",
          description:
            "With dryRun=true every check of an upload runs (the document, then the store's rules: newer than the latest entry, first bytes win, key continuity) and nothing is stored; the answer is 200 with a DryRunReport listing every problem. " +
            "The original endpoint takes the same parameter: POST /metadata?dryRun=true answers 200 `metadata valid: not stored (dry run)` or 400 with every problem.",
          parameters: [
            {
              name: "dryRun",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["true", "false"] },
              description: "true: validate only, store nothing",
            },
          ],
          requestBody: {
            required: true,
            content: {
              "application/xml": { schema: { type: "string" } },
              "application/rdf+xml": { schema: { type: "string" } },
              "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", format: "binary" } } } },
            },
          },
          responses: {
            "201": { description: "stored", content: { "application/json": { schema: { $ref: "#/components/schemas/UploadResult" } } } },
            "202": {
              description:
                "held until its endorser email confirms it by the mailed link (outcome pending): the email is not proven (UPLOAD_CONFIRMATION on), or the key is new to the email",
              content: { "application/json": { schema: { $ref: "#/components/schemas/UploadResult" } } },
            },
            "200": {
              description:
                "already stored with the same bytes: nothing changed (UploadResult, outcome unchanged); or the report of a dry run (DryRunReport)",
              content: {
                "application/json": {
                  schema: { oneOf: [{ $ref: "#/components/schemas/UploadResult" }, { $ref: "#/components/schemas/DryRunReport" }] },
                },
              },
            },
            "400": errorResponse("invalid metadata (every problem listed), older than the latest entry, or no file"),
            "401": errorResponse("an Authorization header whose token is malformed, unknown, revoked or expired"),
            "403": errorResponse("read-only replica, or a cross-site form post"),
            "409": errorResponse(
              "an entry with the same identifier, email and endorsement date is stored with other bytes: sign a newer one",
            ),
            "413": errorResponse("larger than the upload limit"),
            "415": errorResponse("not XML and not a multipart form"),
            "429": errorResponse("too many uploads; see Retry-After"),
            "503": errorResponse("too many documents being checked, or the database unavailable; see Retry-After"),
          },
        },
      },
      "/api/v1/entries/{identifier}/{email}/{created}": {
        get: {
          summary: "One entry with its signature, trust and related entries",
          parameters: keyParameters,
          responses: {
            "200": { description: "the entry", content: { "application/json": { schema: { $ref: "#/components/schemas/EntryDetail" } } } },
            "404": errorResponse("no such entry"),
          },
        },
      },
      "/api/v1/entries/{identifier}/{email}/{created}/xml": {
        get: {
          summary: "The signed XML exactly as uploaded (attachment)",
          parameters: keyParameters,
          responses: {
            "200": { description: "the document", content: { "application/rdf+xml": { schema: { type: "string" } } } },
            "404": errorResponse("no such entry"),
          },
        },
      },
      "/api/v1/entries/{identifier}/{email}/{created}/rdf-json": {
        get: {
          summary: "The entry as RDF/JSON (attachment)",
          parameters: keyParameters,
          responses: {
            "200": { description: "RDF/JSON", content: { "application/json": { schema: { type: "object" } } } },
            "404": errorResponse("no such entry"),
          },
        },
      },
      "/api/v1/endorsers": {
        get: {
          summary: "Every endorser",
          responses: {
            "200": { description: "endorsers", content: { "application/json": { schema: { $ref: "#/components/schemas/EndorserList" } } } },
          },
        },
      },
      "/api/v1/endorsers/{email}/history": {
        get: {
          summary: `An endorser's entries over the last \`range\` days (default ${DEFAULT_HISTORY_DAYS}), or all of them (range=all), as on the page and in the original protocol`,
          parameters: [
            { name: "email", in: "path", required: true, schema: { type: "string" } },
            {
              name: "range",
              in: "query",
              description: `the last N days, a whole number from 1 to ${MAX_HISTORY_DAYS}, or all (default ${DEFAULT_HISTORY_DAYS}); any other value is a 400`,
              schema: historyRangeSchema,
            },
            {
              name: "days",
              in: "query",
              deprecated: true,
              description: "the older name of range, still accepted (not together with range)",
              schema: historyRangeSchema,
            },
          ],
          responses: {
            "200": {
              description: "history",
              content: { "application/json": { schema: { $ref: "#/components/schemas/EndorserHistory" } } },
            },
            "400": errorResponse("bad parameter"),
          },
        },
      },
      "/api/v1/endorsers/{email}/tags": {
        get: {
          summary: "An endorser's tags",
          parameters: [{ name: "email", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "tags", content: { "application/json": { schema: { $ref: "#/components/schemas/EndorserTags" } } } },
          },
        },
      },
      ...tokenPaths(errorResponse),
      ...buildPaths(errorResponse),
      ...draftPaths(errorResponse),
      "/api/v1/pending": {
        get: {
          summary:
            "Your uploads waiting for their endorser email's confirmation (those you uploaded, and those for your verified endorser emails)",
          responses: {
            "200": {
              description: "pending uploads, newest first",
              content: {
                "application/json": { schema: { type: "object", properties: { items: { type: "array", items: { type: "object" } } } } },
              },
            },
            "401": errorResponse("not signed in: send Authorization: Bearer <token>"),
          },
        },
      },
      ...adminPaths(),
      "/api/v1/facets": {
        get: {
          summary: "Values present among the latest valid entries (for filter menus)",
          responses: {
            "200": { description: "facets", content: { "application/json": { schema: { $ref: "#/components/schemas/Facets" } } } },
          },
        },
      },
      "/api/v1/verdict": {
        get: {
          summary: "May this image run here? The latest entries of the image under the site policy (SITE_POLICY, the original policy.cfg)",
          description:
            "What a cloud's launch hook asks (`marketplace check-image` prints it and exits 0 or 1). An unknown image is allowed: false with the reason.",
          parameters: [
            { name: "identifier", in: "query", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{27}$" } },
            {
              name: "checksum",
              in: "query",
              required: false,
              schema: { type: "string", pattern: "^[A-Za-z0-9-]+:[0-9A-Fa-f]+$" },
              description:
                "the image's digest as the cloud computed it: md5, sha1, sha256 or sha512, a colon, the hex digest; only entries signing the same value pass",
            },
          ],
          responses: {
            "200": { description: "the verdict", content: { "application/json": { schema: { $ref: "#/components/schemas/Verdict" } } } },
            "400": errorResponse("the identifier or the checksum is malformed, or an unknown parameter"),
          },
        },
      },
      "/api/v1/replication/entries": {
        get: {
          summary:
            "The replication feed: every stored entry (hidden ones aside) in store order, with its exact signed bytes, after a cursor",
          description:
            "What a replica (MARKETPLACE_TYPE=replica, MASTER_URL) reads: ask with `after` = the last `seq` taken, until `more` is false. Entries appear a few seconds after they are stored, so that none is ever passed by the cursor before its transaction commits.",
          parameters: [
            { name: "after", in: "query", required: false, schema: { type: "integer", minimum: 0, default: 0 } },
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 500, default: 100 } },
          ],
          responses: {
            "200": { description: "a page of the feed", content: jsonOf("ReplicationPage") },
            "400": errorResponse("a bad cursor or limit, or an unknown parameter"),
          },
        },
      },
      "/api/v1/replica": {
        get: {
          summary:
            "This replica's masters (cursor, entries copied and refused, last read and its error) and the entries it refused, with the reasons",
          responses: { "200": { description: "the state", content: jsonOf("ReplicaStatus") } },
        },
      },
    },
    components: {
      schemas: {
        ...responseComponents(),
      },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "an API token (mkt_...), from POST /api/v1/tokens, the account page or `marketplace login`",
        },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "the web app's session" },
      },
    },
  };
}

/** Every response schema the document names: the entries' and the admin and moderation ones. */
export const RESPONSE_COMPONENTS = { ...API_RESPONSE_COMPONENTS, ...TOKEN_RESPONSE_COMPONENTS, ...ADMIN_RESPONSE_COMPONENTS };

const BEARER = [{ bearer: [] }, { session: [] }];
const jsonOf = (component: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${component}` } } });
const denials = (role: string) => ({
  "401": errorResponse("not signed in: no session, or a missing, unknown, revoked or expired API token"),
  "403": errorResponse(`signed in without the ${role} role (or a cross-site form post)`),
});

/** Moderation and administration: audit log, accounts and roles, hiding entries, an entry's next unsigned version. */
function adminPaths(): Record<string, unknown> {
  const auditQuery = z.toJSONSchema(auditQuerySchema, { io: "input" }) as { properties: Record<string, { description?: string }> };
  return {
    "/api/v1/audit": {
      get: {
        summary: "The audit log, newest first (admins): JSON, or CSV with format=csv or Accept: text/csv",
        security: BEARER,
        parameters: Object.entries(auditQuery.properties).map(([name, schema]) => ({
          name,
          in: "query",
          required: false,
          schema,
          description: schema.description,
        })),
        responses: {
          "200": {
            description: "audit lines",
            content: { ...jsonOf("AuditList"), "text/csv": { schema: { type: "string" } } },
          },
          "400": errorResponse("bad filter"),
          ...denials("admin"),
        },
      },
    },
    "/api/v1/users": {
      get: {
        summary: "Every account with its role, verification, creation date and endorser emails (admins)",
        security: BEARER,
        responses: { "200": { description: "accounts", content: jsonOf("UserList") }, ...denials("admin") },
      },
    },
    "/api/v1/users/{id}": {
      patch: {
        summary: "Change an account's role (admins); its sessions end. The last admin cannot be demoted",
        security: BEARER,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["role"],
                properties: { role: { type: "string", enum: ["user", "moderator", "admin"] } },
              },
            },
          },
        },
        responses: {
          "200": { description: "the change", content: jsonOf("RoleChange") },
          "400": errorResponse("bad body"),
          ...denials("admin"),
          "404": errorResponse("no such account"),
          "409": errorResponse("the last admin cannot be demoted"),
        },
      },
    },
    "/api/v1/entries/{identifier}/{email}/{created}/hidden": {
      put: {
        summary: "Hide an entry (moderators): it leaves every listing and answers 410 with the reason; its signed bytes stay",
        security: BEARER,
        parameters: keyParameters,
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", required: ["reason"], properties: { reason: { type: "string", minLength: 1, maxLength: 1000 } } },
            },
          },
        },
        responses: {
          "200": { description: "hidden", content: jsonOf("HiddenState") },
          "400": errorResponse("no reason, or a reason over 1000 characters"),
          ...denials("moderator"),
          "404": errorResponse("no such entry"),
          "409": errorResponse("already hidden"),
        },
      },
      delete: {
        summary: "Show a hidden entry again (moderators)",
        security: BEARER,
        parameters: keyParameters,
        responses: {
          "204": { description: "shown" },
          ...denials("moderator"),
          "404": errorResponse("no such entry"),
          "409": errorResponse("not hidden"),
        },
      },
    },
    "/api/v1/entries/{identifier}/{email}/{created}/integrity": {
      post: {
        summary:
          "Check the entry's image again now (its endorser or a moderator): each web location is fetched through the SSRF rules, decompressed and hashed; the findings appear as the entry's `integrity` and `locationChecks`",
        security: BEARER,
        parameters: keyParameters,
        responses: {
          "202": { description: "the check is queued", content: jsonOf("IntegrityCheckReply") },
          "401": denials("moderator")["401"],
          "403": errorResponse(
            "neither the entry's endorser (an account that verified its email) nor a moderator, or a cross-site form post",
          ),
          "404": errorResponse("no such entry"),
          "409": errorResponse("the entry is not current (deprecated, expired, superseded or hidden), or has no web location"),
        },
      },
    },
    "/api/v1/subscriptions": {
      get: {
        summary: "Your subscriptions to listings",
        security: BEARER,
        responses: { "200": { description: "yours", content: jsonOf("SubscriptionList") }, "401": denials("user")["401"] },
      },
      post: {
        summary:
          "Subscribe a saved search (a listing's query string) by email or webhook. A webhook gets each notification as a POST of a WebhookBody, signed X-Marketplace-Signature: sha256=<HMAC-SHA256 of the body with the secret>, retried with backoff until it answers 2xx",
        security: BEARER,
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["name", "channel"],
                properties: {
                  name: { type: "string", maxLength: 100 },
                  query: { type: "string", description: "the listing's filters, e.g. os=Debian&arch=x86_64" },
                  channel: { type: "string", enum: ["email", "webhook"] },
                  webhookUrl: { type: "string", format: "uri" },
                },
              },
            },
          },
        },
        responses: {
          "201": { description: "subscribed; the secret is shown this once", content: jsonOf("CreatedSubscription") },
          "400": errorResponse("a bad name, query, channel or URL, naming the field"),
          ...denials("user"),
          "409": errorResponse("the account holds the most subscriptions it may"),
        },
      },
    },
    "/api/v1/subscriptions/{id}": {
      delete: {
        summary: "Delete one of your subscriptions",
        security: BEARER,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "204": { description: "deleted" }, ...denials("user"), "404": errorResponse("no such subscription of yours") },
      },
    },
    "/api/v1/subscriptions/{id}/deliveries": {
      get: {
        summary: "The delivery log of one of your subscriptions: every webhook attempt, newest first",
        security: BEARER,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "the log", content: jsonOf("DeliveryLog") },
          ...denials("user"),
          "404": errorResponse("no such subscription of yours"),
        },
      },
    },
    "/api/v1/entries/{identifier}/{email}/{created}/revision": {
      post: {
        summary:
          "The entry's next version, unsigned, for its endorser (the account owning its verified endorser email): deprecated, or valid until a new date. Sign it with `marketplace sign-metadata` and upload it",
        security: BEARER,
        parameters: keyParameters,
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  {
                    type: "object",
                    required: ["action", "reason"],
                    properties: {
                      action: { const: "deprecate" },
                      reason: { type: "string", minLength: 1, maxLength: 1000 },
                      replacedBy: { type: "string", description: "identifier of the replacing image" },
                    },
                  },
                  {
                    type: "object",
                    required: ["action"],
                    properties: {
                      action: { const: "valid" },
                      months: { type: "string", enum: ["3", "6", "12"] },
                      until: { type: "string", description: "yyyy-MM-dd (valid to the end of that day UTC)" },
                    },
                  },
                ],
              },
            },
          },
        },
        responses: {
          "200": { description: "the unsigned document (attachment)", content: { "application/rdf+xml": { schema: { type: "string" } } } },
          "400": errorResponse("bad body: no reason, a replacement that is not an identifier, a date in the past"),
          "401": errorResponse("not signed in"),
          "403": errorResponse("not the endorser of this entry's email"),
          "404": errorResponse("no such entry"),
          "410": errorResponse("the entry is hidden"),
        },
      },
    },
  };
}

/** The response schemas (RESPONSE_COMPONENTS) as OpenAPI components, referring to each other by name. */
function responseComponents(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(RESPONSE_COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    // The schemas are strict so that the HTTP tests catch a field a reply gains without its schema; the
    // document promises less: a response may gain fields, and clients ignore the ones they do not know.
    override: ({ jsonSchema }) => {
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
      // zod bounds every integer to the safe range; "integer" says all a client needs.
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  });
  // Components are not documents of their own: no $schema or $id (the document's dialect applies).
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const component: Record<string, unknown> = { ...schema };
      delete component.$schema;
      delete component.$id;
      return [id, component];
    }),
  );
}
