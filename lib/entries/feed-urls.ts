/**
 * The Atom feeds' addresses for a listing (lib/server/feeds.ts serves them): the listing's filters
 * become the feed's query, so every view of /metadata has feeds of its own. Paging, sorting and
 * status are the feed's, not the listing's, and are left out. No zod: the listing's page imports this.
 */
import type { ListQuery } from "./list-query-core";

export const FEED_NAMES = { new: "new.atom", deprecated: "deprecated.atom", expiring: "expiring.atom" } as const;
export type FeedName = keyof typeof FEED_NAMES;

const FILTERS = ["identifier", "email", "tag", "q", "os", "osVersion", "arch", "kind", "integrity"] as const;

export function feedPath(feed: FeedName, query: Partial<ListQuery>): string {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  if (query.location && query.location !== "all") params.set("location", query.location);
  const search = params.toString();
  return `/feeds/${FEED_NAMES[feed]}${search ? `?${search}` : ""}`;
}

/** The account page's form for a subscription to this listing, its filters prefilled (the same filters as its feeds). */
export function subscribePath(query: Partial<ListQuery>): string {
  const search = feedPath("new", query).split("?")[1] ?? "";
  return `/account/subscriptions${search ? `?query=${encodeURIComponent(search)}` : ""}`;
}
