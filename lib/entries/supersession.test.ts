import { describe, expect, it } from "vitest";
import type { EntrySummary } from "@/lib/entries/types";
import { supersedingEntry } from "./supersession";

const entry = (created: string, extra: Partial<EntrySummary> = {}): EntrySummary => ({
  identifier: "ID",
  email: "jane@example.org",
  created,
  locations: [],
  bytes: "1",
  endorserName: "Jane",
  trust: "trusted",
  certificateFingerprint: "00",
  latest: false,
  ...extra,
});

describe("supersedingEntry", () => {
  const current = entry("2026-01-01T00:00:00Z");

  it("is the endorser's newest later entry, marked when it deprecates", () => {
    const later = entry("2026-02-01T00:00:00Z");
    const deprecation = entry("2026-03-01T00:00:00Z", { deprecated: "end of life", latest: true });
    expect(supersedingEntry(current, [current, later, deprecation])).toEqual({ newer: deprecation, deprecates: true });
    expect(supersedingEntry(current, [later, current])).toEqual({ newer: later, deprecates: false });
  });

  it("counts a deprecation without a reason", () => {
    expect(supersedingEntry(current, [entry("2026-02-01T00:00:00Z", { deprecated: "" })])?.deprecates).toBe(true);
  });

  it("ignores older entries and other endorsers' entries", () => {
    expect(
      supersedingEntry(current, [current, entry("2025-01-01T00:00:00Z"), entry("2026-05-01T00:00:00Z", { email: "bob@example.org" })]),
    ).toBeUndefined();
  });
});
