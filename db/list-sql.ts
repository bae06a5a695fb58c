/**
 * The SQL of a listing query (reference section 4.3 and lib/entries/list-query.ts): which entries
 * match, and in which order. The sort keys and the facet filters use the very expressions of the
 * partial indexes in db/schema.ts, so both are served by them.
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { ListQuery, SortField } from "@/lib/entries/list-query";
import { WEB_LOCATION_PATTERN } from "@/lib/entries/status";
import { AppError } from "@/lib/errors";
import { parseMetadataDate } from "@/lib/metadata/dates";
import { entries } from "./schema";
import { checksumKey, searchTerms, toTsQuery } from "./search";
import type { CursorPosition } from "./cursor";

type ContainsField = keyof NonNullable<ListQuery["contains"]>;
const CONTAINS_FIELDS: ContainsField[] = ["os", "osVersion", "arch", "email", "kind"];

/** Everything that decides which entries match, in a canonical form (cache keys, cursor binding). */
export interface Filters {
  status: ListQuery["status"] | null;
  location: ListQuery["location"];
  identifier?: string;
  email?: string;
  created?: string;
  tag?: string;
  terms?: string[];
  /** The search was one hex digest: it also matches an entry with that checksum (db/search.ts). */
  checksum?: string;
  os?: string;
  osVersion?: string;
  arch?: string;
  kind?: string;
  integrity?: ListQuery["integrity"];
  contains?: Partial<Record<ContainsField, string>>;
}

export function normalizeFilters(query: ListQuery): Filters {
  const filters: Filters = { status: query.status ?? null, location: query.location };
  for (const name of ["identifier", "email", "created", "tag", "os", "osVersion", "arch", "kind"] as const) {
    const value = query[name];
    if (value !== undefined && value !== "") filters[name] = value;
  }
  if (query.integrity !== undefined) filters.integrity = query.integrity;
  const terms = query.q === undefined ? [] : searchTerms(query.q);
  if (terms.length > 0) filters.terms = terms;
  const checksum = query.q === undefined ? undefined : checksumKey(query.q);
  if (checksum !== undefined) filters.checksum = checksum;
  const contains: Partial<Record<ContainsField, string>> = {};
  for (const name of CONTAINS_FIELDS) {
    const value = query.contains?.[name];
    if (value !== undefined && value !== "") contains[name] = value;
  }
  if (Object.keys(contains).length > 0) filters.contains = contains;
  return filters;
}

/** Latest entries with the status filter only: what `totalUnfiltered` counts. */
export function unfilteredOf(filters: Filters): Filters {
  return { status: filters.status, location: "all" };
}

/** Counts and facets depend on the time only through `dcterms:valid` compared with now. */
export function dependsOnTime(filters: Filters): boolean {
  return filters.status === "valid" || filters.status === "expired";
}

/** Entries a moderator hid (db/moderation.ts) are in no listing, count, facet or search. */
export function visible(): SQL {
  return isNull(entries.hiddenReason);
}

export function statusCondition(status: Filters["status"], now: Date): SQL {
  return and(visible(), statusOnly(status, now)) as SQL;
}

function statusOnly(status: Filters["status"], now: Date): SQL {
  switch (status) {
    case "valid":
      return and(gt(entries.valid, now), isNull(entries.deprecated)) as SQL;
    case "expired":
      return and(lt(entries.valid, now), isNull(entries.deprecated)) as SQL;
    case "deprecated":
      return and(isNotNull(entries.deprecated), isNotNull(entries.valid)) as SQL;
    default:
      // No status filter; still, entries without dcterms:valid are never listed.
      return isNotNull(entries.valid);
  }
}

export function filterConditions(filters: Filters, now: Date): SQL[] {
  const conditions: SQL[] = [statusCondition(filters.status, now)];
  if (filters.created === undefined) {
    conditions.push(sql`${entries.latest}`);
  } else {
    const created = parseMetadataDate(filters.created);
    conditions.push(created ? eq(entries.created, created) : sql`false`);
  }
  // The stored flag narrows by index; the locations decide, because the flag also marks entries
  // without a location (the original's rule) and ftp ones stored before ftp was refused.
  if (filters.location === "web") {
    conditions.push(
      sql`${entries.webLocation} and exists (select from unnest(${entries.locations}) as l(location) where l.location ~* ${WEB_LOCATION_PATTERN})`,
    );
  }
  if (filters.location === "pdisk") conditions.push(sql`${entries.pdiskLocation}`);
  if (filters.identifier !== undefined) conditions.push(eq(entries.identifier, filters.identifier));
  if (filters.email !== undefined) conditions.push(eq(entries.email, filters.email));
  if (filters.tag !== undefined) conditions.push(eq(entries.tag, filters.tag));
  if (filters.os !== undefined) conditions.push(sql`${facetKey.os} = lower(${filters.os})`);
  if (filters.osVersion !== undefined) conditions.push(sql`${facetKey.osVersion} = lower(${filters.osVersion})`);
  if (filters.arch !== undefined) conditions.push(sql`${facetKey.arch} = lower(${filters.arch})`);
  if (filters.kind !== undefined) conditions.push(sql`${facetKey.kind} = lower(${filters.kind})`);
  if (filters.integrity === "verified") conditions.push(eq(entries.integrity, "verified"));
  if (filters.integrity === "failing") conditions.push(inArray(entries.integrity, ["broken", "mismatch"]));
  for (const [name, value] of Object.entries(filters.contains ?? {}) as Array<[ContainsField, string]>) {
    conditions.push(sql`${containsColumn[name]} ilike ${`%${escapeLike(value)}%`}`);
  }
  if (filters.terms) {
    const tsquery = toTsQuery(filters.terms.join(" "));
    const text = tsquery ? sql`${entries.search} @@ to_tsquery('simple', ${tsquery})` : undefined;
    // A pasted digest finds the entry of the file it was computed from, by any of its checksums.
    const checksum = filters.checksum === undefined ? undefined : sql`${entries.checksumKeys} @> array[${filters.checksum}]::text[]`;
    if (text && checksum) conditions.push(sql`(${text} or ${checksum})`);
    else if (text ?? checksum) conditions.push((text ?? checksum) as SQL);
  }
  return conditions;
}

/** `%`, `_` and the escape character itself are literal in a substring filter. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, "\\$&");
}

/** Case-insensitive keys of the facet columns; absent values sort as the empty string. */
const facetKey = {
  os: sql`coalesce(lower(${entries.os}), '')`,
  osVersion: sql`coalesce(lower(${entries.osVersion}), '')`,
  arch: sql`coalesce(lower(${entries.osArch}), '')`,
  kind: sql`coalesce(lower(${entries.kind}), '')`,
};

const containsColumn: Record<ContainsField, SQL> = {
  os: sql`${entries.os}`,
  osVersion: sql`${entries.osVersion}`,
  arch: sql`${entries.osArch}`,
  email: sql`${entries.email}`,
  kind: sql`${entries.kind}`,
};

const SORT_KEYS: Record<Exclude<SortField, "created">, SQL> = {
  identifier: sql`${entries.identifier}`,
  title: sql`coalesce(lower(${entries.title}), '')`,
  os: facetKey.os,
  osVersion: facetKey.osVersion,
  arch: facetKey.arch,
  kind: facetKey.kind,
  endorser: sql`lower(${entries.email})`,
};

/** The sort key of a row as text, for the cursor of the next page. */
export function sortKeyText(sort: SortField): SQL<string> {
  return sort === "created" ? createdText() : sql<string>`(${SORT_KEYS[sort]})::text`;
}

export function createdText(): SQL<string> {
  return sql<string>`${entries.created}::text`;
}

/**
 * The sort key, then the endorsement date, then the id, all in the query's direction: a total order
 * (pages never overlap), served by the (key, created, id) indexes in either direction.
 */
export function orderBy(sort: SortField, order: "asc" | "desc"): SQL[] {
  const direction = order === "asc" ? asc : desc;
  const tail = [direction(entries.created), direction(entries.id)];
  return sort === "created" ? tail : [direction(SORT_KEYS[sort]), ...tail];
}

/** Rows strictly after the cursor's position in the query's order. */
export function afterCursor(sort: SortField, order: "asc" | "desc", position: CursorPosition): SQL {
  if (!TIMESTAMP_TEXT.test(position.created)) throw new AppError("bad_request", "invalid cursor: it is malformed or was altered");
  const created = sql`${position.created}::timestamptz`;
  const columns =
    sort === "created" ? sql`(${entries.created}, ${entries.id})` : sql`(${SORT_KEYS[sort]}, ${entries.created}, ${entries.id})`;
  const values = sort === "created" ? sql`(${created}, ${position.id})` : sql`(${position.key}::text, ${created}, ${position.id})`;
  return order === "asc" ? sql`${columns} > ${values}` : sql`${columns} < ${values}`;
}

/** timestamptz::text in any session time zone: `2014-03-08 14:10:40+00`, fractions and minutes optional. */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
