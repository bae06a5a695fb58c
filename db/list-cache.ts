import "server-only";
/**
 * A cache of counts and facets, which otherwise scan every latest entry on each listing. A cached
 * value is exact, not approximate:
 * - it is keyed by the data version (db/schema.ts `data_version`), which grows in the same transaction
 *   as every change to the entries, so a change made by any process makes older values unreachable;
 * - a value that depends on the time (status valid or expired compare `dcterms:valid` with now) is
 *   used only between the `now` it was computed for and the next `dcterms:valid` date after it, since
 *   no entry changes status in between.
 * Concurrent misses for one key share one computation. One cache per opened database.
 */
import { gte, min, sql } from "drizzle-orm";
import type { Db } from "./client";
import { dataVersion, entries } from "./schema";

interface Cached {
  value: Promise<unknown>;
  version: number;
  /** `now` of the computation, ms. */
  from: number;
  /** The first instant at which the value may change, ms (Infinity: never by time). */
  until: number;
}

const MAX_ENTRIES = 500;
const caches = new WeakMap<Db, Map<string, Cached>>();

export async function readDataVersion(db: Db): Promise<number> {
  const [row] = await db.select({ version: dataVersion.version }).from(dataVersion).where(sql`${dataVersion.id} = 1`);
  return row?.version ?? 0;
}

/** One listing request's view of the cache: its database, its `now` and the data version it read. */
export class ListCache {
  private boundary: Promise<number> | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: Date,
    private readonly version: number,
  ) {}

  static async open(db: Db, now: Date): Promise<ListCache> {
    return new ListCache(db, now, await readDataVersion(db));
  }

  get<T>(key: string, timeDependent: boolean, compute: () => Promise<T>): Promise<T> {
    let cache = caches.get(this.db);
    if (!cache) caches.set(this.db, (cache = new Map()));
    const now = this.now.getTime();
    const hit = cache.get(key);
    if (hit && hit.version === this.version && (!timeDependent || hit.from === now || (hit.from <= now && now < hit.until))) {
      cache.delete(key);
      cache.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = compute();
    const entry: Cached = { value, version: this.version, from: now, until: Infinity };
    cache.set(key, entry);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    const owner = cache;
    value.catch(() => {
      if (owner.get(key) === entry) owner.delete(key);
    });
    if (timeDependent) {
      // Until the boundary is known the entry serves only this exact `now`.
      entry.until = now;
      this.nextBoundary().then(
        (until) => (entry.until = until),
        () => owner.get(key) === entry && owner.delete(key),
      );
    }
    return value;
  }

  /** The earliest dcterms:valid at or after now: where a status may next change. */
  private nextBoundary(): Promise<number> {
    this.boundary ??= this.db
      .select({ next: min(entries.valid) })
      .from(entries)
      .where(gte(entries.valid, this.now))
      .then(([row]) => row?.next?.getTime() ?? Infinity);
    return this.boundary;
  }
}
