/**
 * The one description of a listing query, shared by the original routes (path segments, `status`,
 * `location`, DataTables parameters), the JSON API, the web pages (URL state) and the data layer.
 * One rule for every value (issue 7): the JSON API refuses a value it does not know with a 400 naming
 * the parameter (lib/server/api/params.ts), the pages fall back to the default and say so
 * (`readPageParams`). The original protocol keeps its own rules (lib/server/stratuslab/datatables.ts).
 */
import { z } from "zod";
import { METADATA_DATE_PATTERN } from "@/lib/metadata/dates";
import { INTEGRITY_FILTERS } from "./integrity";
import { LOCATION_KINDS, STATUSES } from "./status";
import { DEFAULT_LIST_QUERY, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PAGE_SIZES, SORT_FIELDS, type ListQuery } from "./list-query-core";

export * from "./list-query-core";

// A control character (a NUL above all) can match nothing and PostgreSQL refuses it in text.
const text = z
  .string()
  .trim()
  .max(200, "is longer than 200 characters")
  .regex(/^[^\u0000-\u001f\u007f]*$/, "contains a control character");
const optionalText = text.optional().transform((v) => (v === "" ? undefined : v));

/** `all` = every status. */
export const STATUS_PARAMS = [...STATUSES, "all"] as const;

/** The web and JSON API parameters (all optional, all strings in the URL). */
export const listParamsSchema = z.object({
  status: z.enum(STATUS_PARAMS, { message: `must be one of ${STATUS_PARAMS.join(", ")}` }).optional(),
  location: z.enum(LOCATION_KINDS, { message: "must be all, web or pdisk" }).optional(),
  identifier: optionalText,
  email: optionalText,
  created: z.string().regex(METADATA_DATE_PATTERN, "must be a date like 2014-03-08T14:10:40Z").optional(),
  tag: optionalText,
  q: optionalText,
  os: optionalText,
  osVersion: optionalText,
  arch: optionalText,
  kind: optionalText,
  integrity: z.enum(INTEGRITY_FILTERS, { message: `must be one of ${INTEGRITY_FILTERS.join(", ")}` }).optional(),
  sort: z.enum(SORT_FIELDS, { message: `must be one of ${SORT_FIELDS.join(", ")}` }).optional(),
  order: z.enum(["asc", "desc"], { message: "must be asc or desc" }).optional(),
  pageSize: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .optional(),
  page: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(1_000_000)
    .optional(),
  cursor: z.string().max(500).optional(),
});

export type ListParams = z.infer<typeof listParamsSchema>;

/** A listing's filters alone, without paging, sorting or status: what its feeds, exports and saved searches take. */
export const listingFilterParams = listParamsSchema.pick({
  location: true,
  identifier: true,
  email: true,
  tag: true,
  q: true,
  os: true,
  osVersion: true,
  arch: true,
  kind: true,
  integrity: true,
});

export function toListQuery(params: ListParams): ListQuery {
  const status = params.status === undefined ? "valid" : params.status === "all" ? undefined : params.status;
  const defaultOrder = (params.sort ?? "created") === "created" ? "desc" : "asc";
  return {
    ...DEFAULT_LIST_QUERY,
    status,
    location: params.location ?? "all",
    ...pick(params, ["identifier", "email", "created", "tag", "q", "os", "osVersion", "arch", "kind", "integrity", "cursor"]),
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

/** What a page shows instead of a value it cannot use: the default, said in words. */
const FALLBACKS: Record<string, string> = {
  status: "showing valid entries",
  location: "showing every location",
  sort: "sorted by date",
  order: "in the default order",
  pageSize: `showing ${DEFAULT_PAGE_SIZE} per page`,
  page: "showing page 1",
  created: "showing the latest entries",
  integrity: "showing every entry",
};

const NAMES: Record<string, string> = { pageSize: "page size", osVersion: "OS version", q: "search", integrity: "image check" };

export interface PageParams {
  params: ListParams;
  /** One sentence per value the page could not use, e.g. "unknown status ‘bogus’, showing valid entries". */
  notices: string[];
}

/**
 * The parameters of a listing page: a value that cannot mean anything falls back to its default with a
 * notice instead of an error page. Page sizes are those the page offers, so the select tells the truth.
 */
export function readPageParams(searchParams: Record<string, string | string[] | undefined>): PageParams {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(searchParams)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && key in listParamsSchema.shape) flat[key] = first;
  }
  const notices: string[] = [];
  const drop = (name: string, adjective: string) => {
    const shown = flat[name]!.length > 40 ? `${flat[name]!.slice(0, 40)}…` : flat[name]!;
    notices.push(`${adjective} ${NAMES[name] ?? name} ‘${shown}’, ${FALLBACKS[name] ?? "ignored"}`);
    delete flat[name];
  };
  const first = listParamsSchema.safeParse(flat);
  if (!first.success) {
    for (const name of new Set(first.error.issues.map((issue) => String(issue.path[0])))) {
      if (name in flat)
        drop(
          name,
          name === "pageSize" || name === "page" || name === "created" ? "unsupported" : name in FALLBACKS ? "unknown" : "unusable",
        );
    }
  }
  if (flat.pageSize !== undefined && !(PAGE_SIZES as readonly number[]).includes(Number(flat.pageSize))) drop("pageSize", "unsupported");
  const parsed = listParamsSchema.safeParse(flat);
  // Pages count in page numbers; the JSON API's keyset cursor has no meaning here.
  return { params: { ...(parsed.success ? parsed.data : listParamsSchema.parse({})), cursor: undefined }, notices };
}
