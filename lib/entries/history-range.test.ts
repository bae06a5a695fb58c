import { describe, expect, it } from "vitest";
import { DEFAULT_HISTORY_DAYS, describeHistoryRange, historyRange, readHistoryRange } from "./history-range";

describe("historyRange (the one range rule)", () => {
  it.each([
    [undefined, 30],
    [null, 30],
    ["30", 30],
    ["45", 45],
    ["1", 1],
    ["036", 36],
    ["36500", 36_500],
    ["all", "all"],
    [["60", "90"], 60],
    [["bogus", "90"], 30],
    [[], 30],
    ["0", 30],
    ["36501", 30],
    ["100000", 30],
    ["-5", 30],
    ["4.5", 30],
    ["1e2", 30],
    [" 45", 30],
    ["0x10", 30],
    ["ALL", 30],
    ["", 30],
  ] as const)("%j -> %j", (value, expected) => {
    expect(historyRange(value)).toBe(expected);
  });

  it("tells a value that breaks the rule from the default (the JSON API answers 400 for it)", () => {
    expect(readHistoryRange("30")).toBe(DEFAULT_HISTORY_DAYS);
    expect(readHistoryRange("all")).toBe("all");
    for (const bad of ["0", "36501", "1e2", "abc", ""]) expect(readHistoryRange(bad)).toBeUndefined();
  });

  it.each([
    [45, "the last 45 days"],
    [1, "the last day"],
    ["all", "all entries"],
  ] as const)("words %j as %j", (range, words) => {
    expect(describeHistoryRange(range)).toBe(words);
  });
});
