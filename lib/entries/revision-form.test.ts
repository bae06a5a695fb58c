import { describe, expect, it } from "vitest";
import { addMonths, revisionFormSchema, toRevision } from "./revision-form";

const NOW = new Date("2026-01-31T10:00:00Z");

describe("the revision form", () => {
  it("deprecates with a reason and an optional replacement", () => {
    const form = revisionFormSchema.parse({ action: "deprecate", reason: " broken ", replacedBy: "" });
    expect(toRevision(form, NOW)).toEqual({ kind: "deprecate", reason: "broken" });
    const replaced = revisionFormSchema.parse({ action: "deprecate", reason: "r", replacedBy: "LS3cWIHJ1iWmR1a3u6yzbX8d0Kh" });
    expect(toRevision(replaced, NOW)).toMatchObject({ replacedBy: "LS3cWIHJ1iWmR1a3u6yzbX8d0Kh" });
  });

  it("refuses a missing reason and a replacement that is not an identifier", () => {
    expect(revisionFormSchema.safeParse({ action: "deprecate", reason: "  " }).success).toBe(false);
    const bad = revisionFormSchema.safeParse({ action: "deprecate", reason: "r", replacedBy: "../../etc" });
    expect(bad.success || bad.error.issues[0]?.message).toMatch(/identifier/);
  });

  it("extends by a preset or to a date, never into the past", () => {
    expect(toRevision(revisionFormSchema.parse({ action: "valid", months: "3" }), NOW)).toEqual({
      kind: "valid",
      valid: new Date("2026-04-30T10:00:00Z"),
    });
    expect(toRevision(revisionFormSchema.parse({ action: "valid", until: "2027-02-01" }), NOW)).toEqual({
      kind: "valid",
      valid: new Date("2027-02-01T23:59:59Z"),
    });
    expect(toRevision(revisionFormSchema.parse({ action: "valid", until: "2025-02-01" }), NOW)).toEqual({
      error: expect.stringMatching(/future/),
    });
    expect(toRevision(revisionFormSchema.parse({ action: "valid" }), NOW)).toEqual({ error: expect.any(String) });
    expect(revisionFormSchema.safeParse({ action: "valid", months: "7" }).success).toBe(false);
  });

  it("adds months without overflowing into the next month", () => {
    expect(addMonths(new Date("2026-01-31T00:00:00Z"), 1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(addMonths(new Date("2026-03-15T12:00:00Z"), 12).toISOString()).toBe("2027-03-15T12:00:00.000Z");
  });
});
