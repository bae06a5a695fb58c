/**
 * The response bodies of the JSON API's uploads and errors, as zod schemas beside the query schema
 * (list-query.ts): the handlers' types (lib/server/api/entries.ts, lib/server/dry-run-upload.ts,
 * lib/http/responses.ts), the upload form's reader (components/upload/upload-response.ts, types only,
 * so no zod reaches the browser) and the OpenAPI components (lib/server/api/openapi.ts) all derive
 * from these, so the three cannot drift apart.
 */
import { z } from "zod";
import { errorStatus, type ErrorCode } from "@/lib/errors";
import { TRUST_LABELS } from "@/lib/metadata/pki/trust";
import { PROBLEM_CODES } from "@/lib/metadata/problems";
import { UPLOAD_MESSAGES } from "./upload-messages";

export const problemSchema = z.object({
  code: z.enum(PROBLEM_CODES),
  message: z.string(),
  element: z.string().optional(),
  severity: z.literal("warning").optional(),
});

export const entryKeySchema = z.object({
  identifier: z.string(),
  email: z.string(),
  created: z.string().meta({ description: "endorsement date, yyyy-MM-ddTHH:mm:ssZ" }),
});

const trustLabel = z.enum(TRUST_LABELS);

/** `POST /api/v1/entries`: 201 created, or 200 when the same bytes were stored before. */
export const uploadResultSchema = z.object({
  key: entryKeySchema,
  url: z.string().meta({ description: "the entry's URL (also the Location header)" }),
  outcome: z.enum(["created", "unchanged"]),
  message: z
    .enum([UPLOAD_MESSAGES.created, UPLOAD_MESSAGES.unchanged])
    .meta({ description: "the same sentence as the original protocol's answer" }),
  title: z.string().optional(),
  trust: trustLabel.optional(),
  warnings: z.array(problemSchema),
});

/** `POST /api/v1/entries?dryRun=true` (lib/server/dry-run-upload.ts): always 200, stores nothing. */
export const dryRunReportSchema = z.object({
  dryRun: z.literal(true),
  valid: z.boolean().meta({ description: "an upload of this file would be accepted" }),
  outcome: z.enum(["would-create", "would-be-unchanged", "refused"]),
  message: z.string().meta({ description: "one sentence: what an upload would answer" }),
  key: entryKeySchema.optional(),
  title: z.string().optional(),
  trust: trustLabel.optional(),
  problems: z.array(problemSchema).meta({ description: "every problem of the document, in the order the checks ran" }),
  warnings: z.array(problemSchema),
  refusal: z
    .object({ code: z.string(), message: z.string() })
    .optional()
    .meta({ description: "the store's refusal: older than the latest entry, other bytes under the same date, key continuity" }),
});

/** Every failure of the JSON API (lib/http/responses.ts apiErrorResponse). */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    problems: z.array(problemSchema).optional(),
  }),
});

export type ApiProblem = z.infer<typeof problemSchema>;
export type UploadResult = z.infer<typeof uploadResultSchema>;
export type DryRunReport = z.infer<typeof dryRunReportSchema>;
export type ApiError = z.infer<typeof apiErrorSchema>;

/** The schemas the OpenAPI document names, by component name. */
export const API_RESPONSE_COMPONENTS = {
  Problem: problemSchema,
  EntryKey: entryKeySchema,
  UploadResult: uploadResultSchema,
  DryRunReport: dryRunReportSchema,
  Error: apiErrorSchema,
} as const;
