import { describe, expect, it } from "vitest";
import { housekeepingJobKeys } from "./housekeeping";

describe("housekeeping job keys", () => {
  it("name one expiry run per hour, the same all through the hour", () => {
    const at = (iso: string) => housekeepingJobKeys(new Date(iso)).map((job) => job.uniqueKey);
    expect(at("2026-12-02T00:00:00Z")).toEqual(["expire-uploads:2026-12-02T00"]);
    expect(at("2026-12-02T00:59:59Z")).toEqual(at("2026-12-02T00:00:00Z"));
    expect(at("2026-12-02T01:00:00Z")).toEqual(["expire-uploads:2026-12-02T01"]);
  });
});
