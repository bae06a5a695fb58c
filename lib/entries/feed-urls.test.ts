/** A listing's feeds carry its filters and nothing of its paging, sorting or status. */
import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_QUERY } from "./list-query-core";
import { feedPath, subscribePath } from "./feed-urls";

describe("feed addresses", () => {
  it("are the listing's filters under /feeds", () => {
    expect(feedPath("new", DEFAULT_LIST_QUERY)).toBe("/feeds/new.atom");
    expect(
      feedPath("expiring", {
        ...DEFAULT_LIST_QUERY,
        email: "jane+x@example.org",
        q: "debian 12",
        os: "Debian",
        location: "web",
        page: 3,
        sort: "title",
        status: "expired",
      }),
    ).toBe("/feeds/expiring.atom?email=jane%2Bx%40example.org&q=debian+12&os=Debian&location=web");
    expect(feedPath("deprecated", { ...DEFAULT_LIST_QUERY, location: "all", tag: "" })).toBe("/feeds/deprecated.atom");
  });

  it("give the subscription form the same filters", () => {
    expect(subscribePath(DEFAULT_LIST_QUERY)).toBe("/account/subscriptions");
    expect(subscribePath({ ...DEFAULT_LIST_QUERY, os: "Debian", integrity: "verified", page: 2 })).toBe(
      "/account/subscriptions?query=os%3DDebian%26integrity%3Dverified",
    );
  });
});
