/**
 * The one description of a listing query, shared by the original routes (path segments, `status`,
 * `location`, DataTables parameters), the JSON API, the web pages (URL state) and the data layer.
 * Parsing never throws on unknown values where the original ignored them; it refuses only values
 * that cannot mean anything (with a message for a 400).
 */
import { z } from "zod";
import { LOCATION_KINDS, STATUSES } from "./status";
import { DEFAULT_LIST_QUERY, DEFAULT_PAGE_SIZE, ENTRY_DATE_PATTERN, MAX_PAGE_SIZE, SORT_FIELDS, type ListQuery } from "./list-query-core";

export * from "./list-query-core";

// A control character (a NUL above all) can match nothing and PostgreSQL refuses it in text.
const text = z.string().trim().max(200, "is longer than 200 characters").regex(/^[^\u0000-\u001f\u007f]*$/, "contains a control character");
const optionalText = text.optional().transform((v) => (v === "" ? undefined : v));

/** The web and JSON API parameters (all optional, all strings in the URL). */
export const listParamsSchema = z.object({
  status: z.string().optional(),
  location: z.enum(LOCATION_KINDS, { message: "must be all, web or pdisk" }).optional(),
  identifier: optionalText,
  email: optionalText,
  created: z.string().regex(ENTRY_DATE_PATTERN, "must be a date like 2014-03-08T14:10:40Z").optional(),
  tag: optionalText,
  q: optionalText,
  os: optionalText,
  osVersion: optionalText,
  arch: optionalText,
  kind: optionalText,
  sort: z.enum(SORT_FIELDS, { message: `must be one of ${SORT_FIELDS.join(", ")}` }).optional(),
  order: z.enum(["asc", "desc"], { message: "must be asc or desc" }).optional(),
  pageSize: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).optional(),
  page: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(1_000_000).optional(),
  cursor: z.string().max(500).optional(),
});

export type ListParams = z.infer<typeof listParamsSchema>;

export function toListQuery(params: ListParams): ListQuery {
  const status = params.status === undefined ? "valid" : (STATUSES as readonly string[]).includes(params.status) ? (params.status as ListQuery["status"]) : undefined;
  const defaultOrder = (params.sort ?? "created") === "created" ? "desc" : "asc";
  return {
    ...DEFAULT_LIST_QUERY,
    status,
    location: params.location ?? "all",
    ...pick(params, ["identifier", "email", "created", "tag", "q", "os", "osVersion", "arch", "kind", "cursor"]),
    sort: params.sort ?? "created",
    order: params.order ?? defaultOrder,
    pageSize: params.pageSize ?? DEFAULT_PAGE_SIZE,
    page: params.page ?? 1,
  };
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
