import "server-only";
/**
 * The values present among the latest valid entries, for the filter menus: case-insensitively
 * distinct (the filters are), each shown as spelled by its oldest entry. Each list is a skip scan of
 * the facet's (key, created, id) index, a few probes per distinct value instead of a pass over every
 * entry, and is cached like the counts.
 */
import { sql } from "drizzle-orm";
import type { Facets } from "@/lib/entries/types";
import type { Db } from "./client";
import { ListCache } from "./list-cache";
import { withDb } from "./with-db";

export async function facets(now: Date = new Date()): Promise<Facets> {
  return withDb("reading the facets", async (db) => {
    const cache = await ListCache.open(db, now);
    return cache.get("facets", true, () => computeFacets(db, now));
  });
}

type Rows<T> = { rows: T[] };

async function computeFacets(db: Db, now: Date): Promise<Facets> {
  const [os, osVersion, arch, kind, endorsers, versions] = await Promise.all([
    facetValues(db, "os", now),
    facetValues(db, "os_version", now),
    facetValues(db, "os_arch", now),
    facetValues(db, "kind", now),
    db.execute(sql`
      select en.email, en.name from endorsers en
      where exists (select 1 from entries e where e.email = en.email and e.latest and e.hidden_reason is null and e.valid > ${now.toISOString()}::timestamptz and e.deprecated is null)
      order by en.email`),
    osVersionsByOs(db, now),
  ]);
  return {
    os,
    osVersion: osVersion.sort(versionOrder),
    arch,
    kind,
    endorsers: (endorsers as unknown as Rows<{ email: string; name: string }>).rows.map(({ email, name }) => ({ email, name })),
    osVersionsByOs: versions,
  };
}

/** Versions in the order people count them: 9.10 before 10.04 (text order puts 10.04 first). */
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
function versionOrder(a: string, b: string): number {
  return collator.compare(a, b);
}

/**
 * The versions of each OS (keyed by the OS in lower case, as the filters compare), so the version menu
 * offers only those of the chosen OS. Spelled by the oldest entry, like the other facets. A pass over
 * the latest valid entries with both values, cached with the rest.
 */
async function osVersionsByOs(db: Db, now: Date): Promise<Record<string, string[]>> {
  const result = await db.execute(sql`
    select distinct on (lower(e.os), lower(e.os_version)) lower(e.os) as os, e.os_version as version from entries e
    where e.latest and e.hidden_reason is null and e.valid > ${now.toISOString()}::timestamptz and e.deprecated is null and e.os is not null and e.os_version is not null
    order by lower(e.os), lower(e.os_version), e.created, e.id`);
  const byOs: Record<string, string[]> = {};
  for (const { os, version } of (result as unknown as Rows<{ os: string; version: string }>).rows) (byOs[os] ??= []).push(version);
  for (const versions of Object.values(byOs)) versions.sort(versionOrder);
  return byOs;
}

async function facetValues(db: Db, column: "os" | "os_version" | "os_arch" | "kind", now: Date): Promise<string[]> {
  // The key expression must stay identical to the index expression of db/schema.ts.
  const key = (alias: string) => sql.raw(`coalesce(lower(${alias}.${column}), '')`);
  const result = await db.execute(sql`
    with recursive keys(k) as (
      (select ${key("e")} from entries e where e.latest order by 1 limit 1)
      union all
      select (select ${key("e")} from entries e where e.latest and ${key("e")} > keys.k order by 1 limit 1)
      from keys where keys.k is not null
    )
    select (
      select ${sql.raw(`e.${column}`)} from entries e
      where e.latest and e.hidden_reason is null and ${key("e")} = keys.k and e.valid > ${now.toISOString()}::timestamptz and e.deprecated is null
      order by e.created, e.id limit 1
    ) as value
    from keys
    where keys.k is not null and keys.k <> ''
    order by keys.k`);
  return (result as unknown as Rows<{ value: string | null }>).rows
    .map((row) => row.value)
    .filter((value): value is string => value !== null);
}
