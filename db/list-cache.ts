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
import { embeddedWriteEpoch } from "./embedded";
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
/** The latest validity boundary computed per database: valid for its data version, from its `now` until itself. */
const boundaries = new WeakMap<Db, { version: number; from: number; value: Promise<number> }>();

/**
 * The data version. On the embedded database no query is needed: this process is its only writer,
 * and the client counts every write it carries (RemotePglite.writeEpoch), which serves the same purpose
 * exactly. On PostgreSQL other processes write too: the data_version row is read.
 */
export async function readDataVersion(db: Db): Promise<number> {
  const epoch = embeddedWriteEpoch(db);
  if (epoch !== undefined) return epoch;
  const [row] = await db
    .select({ version: dataVersion.version })
    .from(dataVersion)
    .where(sql`${dataVersion.id} = 1`);
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

  /**
   * The earliest dcterms:valid at or after now: where a status may next change. Shared by every
   * request of the same data version until that instant passes (it is the same answer), so a cache
   * miss does not cost a second query.
   */
  private nextBoundary(): Promise<number> {
    if (this.boundary) return this.boundary;
    const now = this.now.getTime();
    const shared = boundaries.get(this.db);
    if (shared && shared.version === this.version && shared.from <= now) {
      this.boundary = shared.value.then((until) => (now < until ? until : this.queryBoundary()));
      return this.boundary;
    }
    this.boundary = this.queryBoundary();
    boundaries.set(this.db, { version: this.version, from: now, value: this.boundary });
    return this.boundary;
  }

  private queryBoundary(): Promise<number> {
    return this.db
      .select({ next: min(entries.valid) })
      .from(entries)
      .where(gte(entries.valid, this.now))
      .then(([row]) => row?.next?.getTime() ?? Infinity);
  }
}
