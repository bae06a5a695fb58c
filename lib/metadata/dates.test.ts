import { describe, expect, it } from "vitest";
import { formatMetadataDate, isMetadataDate, METADATA_DATE_PATTERN, parseMetadataDate } from "@/lib/metadata/dates";

describe("formatMetadataDate", () => {
  it("writes UTC with whole seconds and a Z", () => {
    expect(formatMetadataDate(new Date("2011-01-24T09:59:42.999Z"))).toBe("2011-01-24T09:59:42Z");
    expect(formatMetadataDate(new Date("2024-07-01T23:30:00+02:00"))).toBe("2024-07-01T21:30:00Z");
  });

  it("pads every field", () => {
    expect(formatMetadataDate(new Date(Date.UTC(987, 0, 2, 3, 4, 5)))).toBe("0987-01-02T03:04:05Z");
  });

  it("refuses what cannot be written as yyyy-MM-ddTHH:mm:ssZ", () => {
    expect(() => formatMetadataDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatMetadataDate(new Date(Date.UTC(10_000, 0, 1)))).toThrow(/10000/);
  });
});

describe("isMetadataDate / parseMetadataDate", () => {
  it.each([
    ["2011-01-24T09:59:42Z", true],
    ["2012-02-29T00:00:00Z", true],
    ["0987-01-02T03:04:05Z", true],
    ["2011-02-29T00:00:00Z", false],
    ["2014-02-30T10:00:00Z", false],
    ["2011-13-01T00:00:00Z", false],
    ["2011-00-01T00:00:00Z", false],
    ["2011-01-00T00:00:00Z", false],
    ["2011-01-24T24:00:00Z", false],
    ["2011-01-24T99:59:42Z", false],
    ["2011-01-24T09:60:00Z", false],
    ["2011-01-24T09:59:60Z", false],
    ["2011-01-24T09:59:42.000Z", false],
    ["2011-01-24T09:59:42+00:00", false],
    ["2011-01-24 09:59:42Z", false],
    ["2011-01-24T09:59Z", false],
    [" 2011-01-24T09:59:42Z", false],
  ])("%j -> %j", (value, valid) => {
    expect(isMetadataDate(value)).toBe(valid);
    expect(parseMetadataDate(value) !== undefined).toBe(valid);
    // The pattern is the shape only; the calendar check is isMetadataDate's.
    if (valid) expect(METADATA_DATE_PATTERN.test(value)).toBe(true);
  });

  it("round-trips through formatMetadataDate", () => {
    for (const value of ["2011-01-24T09:59:42Z", "2012-02-29T23:59:59Z", "0001-01-01T00:00:00Z"]) {
      expect(formatMetadataDate(parseMetadataDate(value)!)).toBe(value);
    }
  });
});
