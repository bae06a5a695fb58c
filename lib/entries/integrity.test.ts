import { describe, expect, it } from "vitest";
import { integrityLabel, integrityStatus, isFailing } from "./integrity";

describe("an entry's integrity verdict", () => {
  it("is the worst of its locations' outcomes", () => {
    expect(integrityStatus([])).toBeUndefined();
    expect(integrityStatus(["verified", "verified"])).toBe("verified");
    expect(integrityStatus(["verified", "reachable"])).toBe("reachable");
    expect(integrityStatus(["reachable", "unreachable"])).toBe("broken");
    expect(integrityStatus(["unreachable", "size-mismatch"])).toBe("mismatch");
    expect(integrityStatus(["checksum-mismatch", "verified"])).toBe("mismatch");
  });

  it("fails on a broken link or a mismatch only", () => {
    expect(["verified", "reachable", "broken", "mismatch"].filter((s) => isFailing(s as never))).toEqual(["broken", "mismatch"]);
    expect(isFailing(undefined)).toBe(false);
  });

  it("says the date of a verification on the badge", () => {
    expect(integrityLabel("verified", "2026-12-04T10:00:00.000Z")).toBe("Image verified 2026-12-04");
    expect(integrityLabel("broken", "2026-12-04T10:00:00.000Z")).toBe("Broken link");
    expect(integrityLabel("mismatch", "2026-12-04T10:00:00.000Z")).toBe("Checksum mismatch");
  });
});
