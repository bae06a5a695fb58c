/**
 * The JSON API's endorser replies and the facets as zod schemas (`/api/v1/endorsers`, its history and
 * tags, `/api/v1/facets`): lib/entries/types.ts and the OpenAPI components derive from these. Strict,
 * like entry-schemas.ts, so a test parsing a real reply fails on a field the schema lacks.
 */
import { z } from "zod";
import { entryKeySchema } from "./entry-schemas";

/** A row of the endorsers list. (`Endorser` in lib/metadata is the endorsement's own element.) */
export const endorserSummarySchema = z.strictObject({
  email: z.string(),
  subject: z.string(),
  issuer: z.string(),
  name: z.string(),
  entries: z.number().int(),
  lastEndorsed: z.string().meta({ description: "yyyy-MM-ddTHH:mm:ssZ" }),
});

/** `GET /api/v1/endorsers`. */
export const endorserListSchema = z.strictObject({ items: z.array(endorserSummarySchema) });

/** A row of an endorser's history (reference section 4.9). */
export const historyItemSchema = z.strictObject({
  ...entryKeySchema.shape,
  title: z.string().optional(),
  description: z.string().optional(),
  locations: z.array(z.string()),
  deprecated: z.string().optional(),
});

/** `GET /api/v1/endorsers/{email}/history`: every entry of the endorser in the range, newest first. */
export const endorserHistorySchema = z.strictObject({
  email: z.string(),
  days: z.union([z.number().int(), z.literal("all")]).meta({ description: "the range the items cover" }),
  items: z.array(historyItemSchema),
});

/** `GET /api/v1/endorsers/{email}/tags`: the endorser's dcterms:alternative values, sorted. */
export const endorserTagsSchema = z.strictObject({ email: z.string(), tags: z.array(z.string()) });

/** `GET /api/v1/facets`: values present in the latest valid entries, for the filter menus. */
export const facetsSchema = z.strictObject({
  os: z.array(z.string()),
  osVersion: z.array(z.string()),
  arch: z.array(z.string()),
  kind: z.array(z.string()),
  endorsers: z.array(z.strictObject({ email: z.string(), name: z.string() })),
  osVersionsByOs: z
    .record(z.string(), z.array(z.string()))
    .meta({ description: "the versions of each OS, keyed by the OS in lower case: the version menu narrows to the chosen OS" }),
});
