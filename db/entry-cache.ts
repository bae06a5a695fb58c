import "server-only";
/**
 * Single entries (the entry page, downloads, the JSON API's entry) read again and again, cached by key
 * and data version, so a popular entry costs no database operation at all on the embedded database
 * (whose data version is known without a query: list-cache.ts). Bounded by an estimate of the bytes
 * held, least recently used first out; entries above ITEM_LIMIT are never kept.
 */
import type { Db } from "./client";

const TOTAL_LIMIT = 32 * 1024 * 1024;
const ITEM_LIMIT = 1024 * 1024;

interface Item {
  version: number;
  bytes: number;
  value: Promise<unknown>;
}

const caches = new WeakMap<Db, { items: Map<string, Item>; bytes: number }>();

/** `compute` runs on a miss; `size` estimates the bytes of its result (over ITEM_LIMIT: not kept). */
export function cachedEntryRead<T>(
  db: Db,
  version: number,
  key: string,
  compute: () => Promise<T>,
  size: (value: T) => number,
): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { items: new Map(), bytes: 0 }));
  const hit = cache.items.get(key);
  if (hit && hit.version === version) {
    cache.items.delete(key);
    cache.items.set(key, hit);
    return hit.value as Promise<T>;
  }
  if (hit) forget(cache, key, hit);
  const value = compute();
  const item: Item = { version, bytes: 0, value };
  cache.items.set(key, item);
  const owner = cache;
  value.then(
    (result) => {
      if (owner.items.get(key) !== item) return;
      item.bytes = size(result);
      if (item.bytes > ITEM_LIMIT) return forget(owner, key, item);
      owner.bytes += item.bytes;
      for (const [oldest, old] of owner.items) {
        if (owner.bytes <= TOTAL_LIMIT) break;
        forget(owner, oldest, old);
      }
    },
    () => owner.items.get(key) === item && forget(owner, key, item),
  );
  return value;
}

function forget(cache: { items: Map<string, Item>; bytes: number }, key: string, item: Item): void {
  if (cache.items.get(key) !== item) return;
  cache.items.delete(key);
  cache.bytes -= item.bytes;
}
