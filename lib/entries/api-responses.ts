/**
 * The response bodies of the JSON API's uploads and errors, as zod schemas beside the query schema
 * (list-query.ts): the handlers' types (lib/server/api/entries.ts, lib/server/dry-run-upload.ts,
 * lib/http/responses.ts), the upload form's reader (components/upload/upload-response.ts, types only,
 * so no zod reaches the browser) and the OpenAPI components (lib/server/api/openapi.ts) all derive
 * from these, so the three cannot drift apart. The read replies are in entry-schemas.ts and
 * endorser-schemas.ts; API_RESPONSE_COMPONENTS names them all.
 */
import { z } from "zod";
import { errorStatus, type ErrorCode } from "@/lib/errors";
import { PROBLEM_CODES } from "@/lib/metadata/problems";
import {
  endorserHistorySchema,
  endorserListSchema,
  endorserSummarySchema,
  endorserTagsSchema,
  facetsSchema,
  historyItemSchema,
} from "./endorser-schemas";
import {
  entryKeySchema,
  entryReplySchema,
  entrySummarySchema,
  listPageSchema,
  metadataEntrySchema,
  signatureSummarySchema,
  trustEvaluationSchema,
  trustLabelSchema,
} from "./entry-schemas";
import { replicaStatusSchema, replicationPageSchema } from "./replication-schemas";
import { createdSubscriptionSchema, deliverySchema, subscriptionSchema, webhookBodySchema } from "./subscription-schemas";
import { UPLOAD_MESSAGES } from "./upload-messages";

export { entryKeySchema };

export const problemSchema = z.object({
  code: z.enum(PROBLEM_CODES),
  message: z.string(),
  element: z.string().optional(),
  severity: z.literal("warning").optional(),
});

/** `POST /api/v1/entries`: 201 created, or 200 when the same bytes were stored before. */
export const uploadResultSchema = z.object({
  key: entryKeySchema,
  url: z.string().meta({ description: "the entry's URL (also the Location header; for a pending upload, its URL once confirmed)" }),
  outcome: z.enum(["created", "unchanged", "pending"]),
  message: z
    .enum([UPLOAD_MESSAGES.created, UPLOAD_MESSAGES.unchanged, UPLOAD_MESSAGES.pending])
    .meta({ description: "the same sentence as the original protocol's answer" }),
  pending: z
    .object({
      reason: z.enum(["confirmation", "new-key"]),
      expiresAt: z.string().meta({ description: "until when the mailed confirm / abort / abuse links work" }),
    })
    .optional()
    .meta({ description: "present when the upload waits (202) for its endorser email to confirm it by the mailed link" }),
  title: z.string().optional(),
  trust: trustLabelSchema.optional(),
  warnings: z.array(problemSchema),
});

/** `POST /api/v1/entries?dryRun=true` (lib/server/dry-run-upload.ts): always 200, stores nothing. */
export const dryRunReportSchema = z.object({
  dryRun: z.literal(true),
  valid: z.boolean().meta({ description: "an upload of this file would be accepted" }),
  outcome: z.enum(["would-create", "would-be-unchanged", "would-wait", "refused"]).meta({
    description: "would-wait: valid, but an upload would be held (202) until its endorser email confirms it",
  }),
  message: z.string().meta({ description: "one sentence: what an upload would answer" }),
  key: entryKeySchema.optional(),
  title: z.string().optional(),
  trust: trustLabelSchema.optional(),
  problems: z.array(problemSchema).meta({ description: "every problem of the document, in the order the checks ran" }),
  warnings: z.array(problemSchema),
  refusal: z
    .object({ code: z.string(), message: z.string() })
    .optional()
    .meta({ description: "the store's refusal: older than the latest entry, other bytes under the same date, key continuity" }),
});

/** `GET /api/v1/verdict` (lib/entries/verdict.ts): may this image run under the site's policy? */
export const verdictSchema = z.strictObject({
  allowed: z.boolean().meta({ description: "at least one entry of the image passes every rule of the site policy" }),
  reasons: z.array(z.string()).meta({
    description:
      "each rule's decision per entry, in the order applied (the original's messages); when nothing passes, the last is \"Image isn't valid according to site policy\"",
  }),
  entries: z.array(entrySummarySchema).meta({ description: "the entries that pass, the latest of each endorser" }),
});

/** Every failure of the JSON API (lib/http/responses.ts apiErrorResponse). */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    problems: z.array(problemSchema).optional(),
    fields: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "each refused field of a request body (a build recipe), as a path such as packages[3]" }),
  }),
});

const linkSchema = z.strictObject({
  href: z.string().meta({ description: "absolute URL; {name} marks a path parameter" }),
  title: z.string(),
});

/** The links of `GET /api/v1`, one per resource. */
export const API_INDEX_LINKS = [
  "self",
  "openapi",
  "entries",
  "entry",
  "endorsers",
  "endorserHistory",
  "endorserTags",
  "facets",
  "health",
  "original",
  "entryHidden",
  "entryRevision",
  "entryIntegrity",
  "replicationFeed",
  "replica",
  "subscriptions",
  "tokens",
  "token",
  "pending",
  "users",
  "user",
  "audit",
  "builds",
  "build",
  "disks",
  "contextDisks",
  "verdict",
] as const;

/** `GET /api/v1` (lib/server/api/api-index.ts): a starting point that names every resource. */
export const apiIndexSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  description: z.string(),
  links: z.strictObject(
    Object.fromEntries(API_INDEX_LINKS.map((name) => [name, linkSchema])) as Record<(typeof API_INDEX_LINKS)[number], typeof linkSchema>,
  ),
});

export type ApiProblem = z.infer<typeof problemSchema>;
export type ApiIndex = z.infer<typeof apiIndexSchema>;
export type UploadResult = z.infer<typeof uploadResultSchema>;
export type DryRunReport = z.infer<typeof dryRunReportSchema>;
export type ApiError = z.infer<typeof apiErrorSchema>;
export type VerdictReply = z.infer<typeof verdictSchema>;

/** `POST .../integrity`: the check is queued (false: one was queued this minute already). */
export const integrityCheckReplySchema = z.strictObject({ queued: z.boolean(), message: z.string() });

/** The schemas the OpenAPI document names, by component name. */
export const API_RESPONSE_COMPONENTS = {
  Problem: problemSchema,
  EntryKey: entryKeySchema,
  UploadResult: uploadResultSchema,
  DryRunReport: dryRunReportSchema,
  Error: apiErrorSchema,
  EntrySummary: entrySummarySchema,
  // The reply of one entry: the data layer's EntryDetail with its image's related entries.
  EntryDetail: entryReplySchema,
  MetadataEntry: metadataEntrySchema,
  SignatureSummary: signatureSummarySchema,
  TrustEvaluation: trustEvaluationSchema,
  ListPage: listPageSchema,
  Endorser: endorserSummarySchema,
  EndorserList: endorserListSchema,
  HistoryItem: historyItemSchema,
  EndorserHistory: endorserHistorySchema,
  EndorserTags: endorserTagsSchema,
  Facets: facetsSchema,
  Verdict: verdictSchema,
  IntegrityCheckReply: integrityCheckReplySchema,
  ReplicationPage: replicationPageSchema,
  ReplicaStatus: replicaStatusSchema,
  Subscription: subscriptionSchema,
  CreatedSubscription: createdSubscriptionSchema,
  SubscriptionList: z.strictObject({ items: z.array(subscriptionSchema) }),
  Delivery: deliverySchema,
  DeliveryLog: z.strictObject({ items: z.array(deliverySchema) }),
  WebhookBody: webhookBodySchema,
  ApiIndex: apiIndexSchema,
} as const;
