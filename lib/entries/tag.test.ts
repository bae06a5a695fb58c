import { describe, expect, it } from "vitest";
import { tagFromRequest } from "./tag";

describe("tagFromRequest (surrounding double quotes are stripped)", () => {
  it.each([
    ["Alternative", "Alternative"],
    ['"Alternative"', "Alternative"],
    ['"abc', '"abc'],
    ['abc"', 'abc"'],
    ['""abc""', '"abc"'],
    ['"a"b"', 'a"b'],
    ['""', ""],
    ['"', '"'],
    ["", ""],
    [' "abc" ', ' "abc" '],
    ["'abc'", "'abc'"],
  ])("%j -> %j", (raw, tag) => {
    expect(tagFromRequest(raw)).toBe(tag);
  });
});
