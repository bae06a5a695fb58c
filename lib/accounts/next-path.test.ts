import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it.each([
    ["/account", "/account"],
    ["/metadata?q=ubuntu", "/metadata?q=ubuntu"],
    ["/account/tokens#new", "/account/tokens#new"],
  ])("keeps the path %s", (next, expected) => expect(safeNextPath(next)).toBe(expected));

  it.each([
    "https://evil.example/",
    "//evil.example/account",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "account",
    "/\tevil",
    "",
    undefined,
    42,
    `/${"a".repeat(3000)}`,
  ])("refuses %s", (next) => expect(safeNextPath(next)).toBe("/account"));

  it("uses the fallback given", () => expect(safeNextPath("https://x", "/")).toBe("/"));
});
