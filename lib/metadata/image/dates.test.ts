import { describe, expect, it } from "vitest";
import { formatDate } from "@/lib/metadata/image/dates";

describe("formatDate", () => {
  it("writes UTC with whole seconds and a Z", () => {
    expect(formatDate(new Date("2011-01-24T09:59:42.999Z"))).toBe("2011-01-24T09:59:42Z");
    expect(formatDate(new Date("2024-07-01T23:30:00+02:00"))).toBe("2024-07-01T21:30:00Z");
  });

  it("pads every field", () => {
    expect(formatDate(new Date(Date.UTC(987, 0, 2, 3, 4, 5)))).toBe("0987-01-02T03:04:05Z");
  });

  it("refuses what cannot be written as yyyy-MM-ddTHH:mm:ssZ", () => {
    expect(() => formatDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatDate(new Date(Date.UTC(10_000, 0, 1)))).toThrow(/10000/);
  });
});
